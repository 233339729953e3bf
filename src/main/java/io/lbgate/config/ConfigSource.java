package io.lbgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the running configuration comes from, so that a reload reads the same place again: the
 * {@code -f} files and directories in command-line order, or (none given) the {@code lbgate:}
 * properties of application.yml.
 *
 * @param files the {@code -f} arguments; empty for application.yml
 */
public record ConfigSource(List<Path> files) {
    /** A start without {@code -f}. */
    public static final ConfigSource PROPERTIES = new ConfigSource(List.of());

    public ConfigSource {
        files = List.copyOf(files);
    }

    public boolean isProperties() {
        return files.isEmpty();
    }

    /** As the log and the stats page name it: the files, comma-separated, or {@code application.yml}. */
    public String describe() {
        return isProperties() ? "application.yml"
                : files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
