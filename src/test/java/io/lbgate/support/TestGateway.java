package io.lbgate.support;

import io.lbgate.cli.Launcher;
import io.lbgate.registry.Registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gateway started as an operator starts it, {@code -f haproxy.cfg}, in this JVM. What it
 * prints is kept and shown only when the start fails.
 */
public final class TestGateway implements AutoCloseable {
    private final Launcher.Outcome outcome;

    private TestGateway(Launcher.Outcome outcome) {
        this.outcome = outcome;
    }

    /** Starts on {@code cfg}, asserting that it started. */
    public static Launcher.Outcome launch(Path cfg) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Launcher.Outcome outcome = new Launcher(quiet, quiet).run("-f", cfg.toString(), "--spring.main.banner-mode=off");
        assertThat(outcome.started()).as(sink.toString(StandardCharsets.UTF_8)).isTrue();
        return outcome;
    }

    /** Writes {@code cfg} to a new file in {@code dir} and starts on it. */
    public static TestGateway start(Path dir, String cfg) throws IOException {
        Path file = Files.createTempFile(dir, "haproxy", ".cfg");
        Files.writeString(file, cfg);
        return new TestGateway(launch(file));
    }

    public Registry registry() {
        return outcome.context().getBean(Registry.class);
    }

    public Launcher.Outcome outcome() {
        return outcome;
    }

    @Override
    public void close() {
        if (outcome.started()) {
            outcome.context().close();
        }
    }
}
