package io.lbgate.proxy.tcp;

import io.lbgate.cli.Launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole gateway started with {@code -f} on a haproxy.cfg written by the test. */
final class Gateway implements AutoCloseable {
    private final Launcher.Outcome outcome;

    private Gateway(Launcher.Outcome outcome) {
        this.outcome = outcome;
    }

    static Gateway start(Path dir, String cfg) throws IOException {
        Path file = Files.createTempFile(dir, "haproxy", ".cfg");
        Files.writeString(file, cfg);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Launcher.Outcome outcome = new Launcher(quiet, quiet).run("-f", file.toString(),
                "--spring.main.banner-mode=off");
        assertThat(outcome.started()).as(sink.toString(StandardCharsets.UTF_8)).isTrue();
        return new Gateway(outcome);
    }

    io.lbgate.registry.Registry registry() {
        return outcome.context().getBean(io.lbgate.registry.Registry.class);
    }

    @Override
    public void close() {
        if (outcome.started()) {
            outcome.context().close();
        }
    }
}
