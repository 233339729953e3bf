package io.lbgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code lbgate -c} on files a user should never write but sometimes does: every one ends in an
 * alert with {@code file:line} in HAProxy's words and exit status 1, never a stack trace, and what
 * {@code -c} refuses is exactly what the start would have failed on.
 */
class HostileConfigurationTest {
    private static final String DIR = "src/test/resources/haproxy/";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Launcher.Outcome check(String file) {
        return new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("-c", "-f", file);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void timerOverflowsAndForbiddenNameCharactersAreRefusedInHaproxysWords() {
        Launcher.Outcome outcome = check(DIR + "hostile-names.cfg");

        assertThat(outcome.exitStatus()).isEqualTo(1);
        String f = DIR + "hostile-names.cfg";
        assertThat(stderr())
                .contains("[" + f + ":5] : timer overflow in argument '99999999999999d' to 'timeout client'"
                        + " (maximum value is 2147483647 ms or ~24.8 days)")
                .contains("[" + f + ":6] : timer overflow in argument '25d' to 'timeout server'")
                .contains("[" + f + ":8] : character ' ' is not permitted in 'frontend' name 'web front'.")
                .contains("[" + f + ":12] : character '<' is not permitted in 'backend' name 'a<b'.")
                .contains("[" + f + ":15] : character ',' is not permitted in 'backend' name 'a,b'.")
                .contains("timer overflow in argument <2147484s> to <inter> of server s4,"
                        + " maximum value is 2147483647 ms (~24.8 days)..")
                .contains("[" + f + ":25] : timer overflow in argument <99999999999d> to stats refresh interval,"
                        + " maximum value is 2147483647 s (~68 years).")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void anHttpFrontendCannotUseATcpBackend() {
        Launcher.Outcome outcome = check(DIR + "hostile-modes.cfg");

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains("http frontend 'web' (" + DIR + "hostile-modes.cfg:7) tries to use incompatible"
                + " tcp backend 'db' (" + DIR + "hostile-modes.cfg:12) as its default backend (see 'mode').");
    }

    @Test
    void devZeroEndsAtItsFirstByteWithoutExhaustingMemory() {
        Launcher.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> check("/dev/zero"));

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains("[/dev/zero:1] : Stray NUL character at position 1.")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void theTextBeforeANulIsReadThenTheFileEnds() throws IOException {
        Path cfg = dir.resolve("nul.cfg");
        Files.write(cfg, "defaults\n    mode http\nfoo\0bar\n    bogus after\n".getBytes(StandardCharsets.ISO_8859_1));

        Launcher.Outcome outcome = check(cfg.toString());

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains(cfg + ":3] : unknown keyword 'foo' in 'defaults' section")
                .contains(cfg + ":3] : Stray NUL character at position 4.")
                .doesNotContain("bogus");
    }

    @Test
    void aLineLongerThanOneMebibyteIsRefusedNotBuffered() throws IOException {
        Path cfg = dir.resolve("long.cfg");
        Files.writeString(cfg, "defaults\n    # " + "x".repeat(2 << 20) + "\n");

        Launcher.Outcome outcome = check(cfg.toString());

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains(cfg + ":2] : line too long (lbgate reads lines of at most 1048576 bytes).");
    }

    @Test
    void anEmptyDirectoryIsAnErrorAsForHaproxy() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("conf.d"));

        Launcher.Outcome outcome = check(empty.toString());

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains("Cannot open configuration file/directory " + empty + " : no .cfg file in this directory");
    }
}
