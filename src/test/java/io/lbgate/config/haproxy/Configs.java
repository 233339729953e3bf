package io.lbgate.config.haproxy;

import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads inline configurations written to a temporary file. */
final class Configs {
    static final String TIMEOUTS = """
            defaults
                timeout connect 5s
                timeout client 5s
                timeout server 5s
            """;

    private Configs() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadedConfig load(Path dir, String text) {
        return HaproxyConfigReader.read(List.of(write(dir, "haproxy.cfg", text)), Map.<String, String>of()::get);
    }

    static InvalidConfigException fail(Path dir, String text) {
        try {
            LoadedConfig loaded = load(dir, text);
            throw new AssertionError("expected errors, loaded with warnings " + loaded.warnings());
        } catch (InvalidConfigException e) {
            return e;
        }
    }
}
