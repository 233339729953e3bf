package io.lbgate.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which backends read a server-state file at start (HAProxy's {@code server-state-file},
 * {@code server-state-base}, {@code load-server-state-from-file} and {@code server-state-file-name}),
 * with every path already resolved.
 *
 * @param global    the {@code global} file ({@code server-state-file}, relative to
 *                  {@code server-state-base}); {@code null} when not set
 * @param byBackend for each backend that loads state, the file it reads; backends with
 *                  {@code load-server-state-from-file none} (the default) are absent
 */
public record ServerStateFiles(Path global, Map<String, Source> byBackend) {
    public static final ServerStateFiles NONE = new ServerStateFiles(null, Map.of());

    public ServerStateFiles {
        byBackend = Map.copyOf(byBackend);
    }

    /**
     * @param file  the file to read
     * @param local whether it is the backend's own file ({@code local}) rather than the global one
     */
    public record Source(Path file, boolean local) {
    }
}
