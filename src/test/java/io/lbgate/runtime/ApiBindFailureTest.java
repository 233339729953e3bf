package io.lbgate.runtime;

import io.lbgate.cli.Launcher;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A socket that cannot be opened stops the start, naming the socket; nothing is left listening. */
class ApiBindFailureTest {
    @TempDir
    Path dir;

    @Test
    void aSocketInAMissingDirectoryFailsTheStart() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("admin.sock");
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                """.formatted(missing, FreePorts.next(), FreePorts.next()));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);

        Launcher.Outcome outcome = new Launcher(quiet, quiet).run("-f", cfg.toString(), "--spring.main.banner-mode=off");

        assertThat(outcome.started()).isFalse();
        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void theMessageNamesTheSocketAndItsCause() {
        ApiBindException e = new ApiBindException("/run/x/admin.sock",
                new java.io.IOException("wrapper", new java.nio.file.NoSuchFileException("/run/x/admin.sock.1.tmp")));

        assertThat(e.getMessage()).isEqualTo("Runtime API socket '/run/x/admin.sock' cannot be opened: "
                + "/run/x/admin.sock.1.tmp");
        assertThat(new ApiBindFailureAnalyzer().analyze(e).getAction()).contains("'stats socket'");
    }
}
