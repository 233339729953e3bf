package io.lbgate.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Launcher launcher = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void checkAcceptsTheTutorialConfigurationWithItsWarnings() {
        Launcher.Outcome outcome = launcher.run("-c", "-f", "src/test/resources/haproxy/tutorial-tcp.cfg");

        assertThat(outcome.started()).isFalse();
        assertThat(outcome.exitStatus()).isZero();
        // As haproxy -c: the verdict on stdout, the warnings on stderr.
        assertThat(stdout()).isEqualTo("Warnings were found.\nConfiguration file is valid\n");
        assertThat(stderr()).contains("[WARNING]  (")
                .contains(": config : parsing [src/test/resources/haproxy/tutorial-tcp.cfg:25] : "
                        + "'option forwardfor' ignored for frontend 'ddb_fronted' as it requires HTTP mode.");
    }

    @Test
    void quietCheckPrintsNothingOnSuccess() {
        Launcher.Outcome outcome = launcher.run("-c", "-q", "-f", "src/test/resources/haproxy/tutorial-http.cfg");

        assertThat(outcome.exitStatus()).isZero();
        assertThat(stdout()).isEmpty();
    }

    @Test
    void checkReportsEveryErrorWithFileAndLineAndExitsOne() {
        Launcher.Outcome outcome = launcher.run("-c", "-f", "src/test/resources/haproxy/errors.cfg");

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stdout()).isEmpty();
        assertThat(stderr().lines().filter(l -> l.startsWith("[ALERT]    (")).count()).isGreaterThan(10);
        assertThat(stderr())
                .contains(": config : parsing [src/test/resources/haproxy/errors.cfg:14] : "
                        + "unknown keyword 'bogus_keyword' in 'frontend' section")
                .contains(": config : parsing [src/test/resources/haproxy/errors.cfg:23] : "
                        + "'server b/s1' : weight of server s1 is not within 0 and 256 (300)..")
                .contains(": config : Error(s) found in configuration file : src/test/resources/haproxy/errors.cfg")
                .endsWith(": config : Fatal errors found in configuration.\n")
                .doesNotContain("Exception");
    }

    @Test
    void aStartOnABadFileExitsOneWithTheSameMessagesAndStartsNothing() {
        Launcher.Outcome outcome = launcher.run("-f", "src/test/resources/haproxy/errors.cfg");

        assertThat(outcome.started()).isFalse();
        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains("unknown keyword 'bogus_keyword' in 'frontend' section")
                .doesNotContain("Exception").doesNotContain("APPLICATION FAILED");
    }

    @Test
    void aMissingFileIsReportedAsHaproxyDoes() {
        Launcher.Outcome outcome = launcher.run("-c", "-f", "nosuch.cfg");

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).contains("[ALERT]    (")
                .endsWith(": config : Cannot open configuration file/directory nosuch.cfg : No such file or directory\n")
                .doesNotContain("Fatal errors");
    }

    @Test
    void checkWithoutAFileIsAUsageError() {
        Launcher.Outcome outcome = launcher.run("-c");

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).startsWith("lbgate: -c requires at least one -f FILE\nusage: lbgate");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Launcher.Outcome outcome = launcher.run("-x");

        assertThat(outcome.exitStatus()).isEqualTo(1);
        assertThat(stderr()).startsWith("lbgate: unknown option '-x'");
    }

    @Test
    void versionIsPrinted() {
        Launcher.Outcome outcome = launcher.run("-v");

        assertThat(outcome.exitStatus()).isZero();
        assertThat(stdout()).startsWith("lbgate version ");
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
