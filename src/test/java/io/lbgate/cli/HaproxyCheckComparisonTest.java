package io.lbgate.cli;

import io.lbgate.support.SystemPackage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lbgate -c} next to the real {@code haproxy -c} (HAProxy 2.6, installed by .ci/run) on the
 * same files: the same exit status, the same verdict on stdout, and an alert for every line
 * HAProxy alerts on.
 */
class HaproxyCheckComparisonTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path DIR = Path.of("src/test/resources/haproxy");
    private static final Pattern LOCATION = Pattern.compile("\\[([\\w.-]+\\.cfg:\\d+)\\]");

    @ParameterizedTest
    @ValueSource(strings = {"tutorial-http.cfg", "tutorial-tcp.cfg", "errors.cfg", "semantic-errors.cfg",
            "hostile-names.cfg", "hostile-modes.cfg"})
    void agreesWithHaproxy(String file) throws Exception {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        Result haproxy = haproxy(file);
        Result lbgate = lbgate(file);

        assertThat(lbgate.status()).as("exit status").isEqualTo(haproxy.status());
        assertThat(lbgate.stdout()).as("stdout").isEqualTo(haproxy.stdout());
        assertThat(alertLocations(lbgate.stderr())).as("lines with an alert")
                .containsAll(alertLocations(haproxy.stderr()));
    }

    private static Set<String> alertLocations(String stderr) {
        Set<String> locations = new TreeSet<>();
        stderr.lines().filter(l -> l.startsWith("[ALERT]")).forEach(line -> {
            Matcher m = LOCATION.matcher(line);
            if (m.find()) {
                locations.add(m.group(1));
            }
        });
        return locations;
    }

    private static Result haproxy(String file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("haproxy-out", ".txt");
        Path err = Files.createTempFile("haproxy-err", ".txt");
        Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file)
                .directory(DIR.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Same file name as HAProxy sees it, so that the locations compare as text. */
    private static Result lbgate(String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Launcher.Outcome outcome = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("-c", "-f", DIR.resolve(file).toString());
        String prefix = DIR + "/";
        return new Result(outcome.exitStatus(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8).replace(prefix, ""));
    }

    private record Result(int status, String stdout, String stderr) {
    }
}
