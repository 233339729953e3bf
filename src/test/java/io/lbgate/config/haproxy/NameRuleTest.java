package io.lbgate.config.haproxy;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.support.SystemPackage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * HAProxy's name rule for servers and proxies (letters, digits, {@code - _ . :}), each case read by
 * lbgate and checked by {@code haproxy -c} on the same file: the same alert on the same line.
 */
class NameRuleTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    private Path write(String serverToken, String backendToken) throws IOException {
        Path cfg = dir.resolve("names.cfg");
        Files.writeString(cfg, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                backend %s
                    server %s 127.0.0.1:8080
                """.formatted(backendToken, serverToken));
        return cfg;
    }

    /** The ALERT lines of {@code haproxy -c} naming a line of {@code cfg}, without HAProxy's prefix. */
    private static List<String> haproxyAlerts(Path cfg) throws IOException, InterruptedException {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", cfg.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        String marker = "[" + cfg + ":";
        return output.lines().filter(l -> l.startsWith("[ALERT]") && l.contains(marker))
                .map(l -> l.substring(l.indexOf(marker) + 1)).toList();
    }

    private static List<String> lbgateAlerts(Path cfg) {
        InvalidConfigException e = catchThrowableOfType(() -> HaproxyConfigReader.read(List.of(cfg)),
                InvalidConfigException.class);
        assertThat(e).as("lbgate accepted " + cfg).isNotNull();
        return e.problems().stream().filter(p -> p.severity() == ConfigProblem.Severity.ALERT)
                .map(p -> p.location() + "] : " + p.message()).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"<script>x</script>\" | <script>x</script> | <",
            "a,b | a,b | ,",
            "\"a b\" | a b | space",
            "a/b | a/b | /",
            "'a\"b' | a\"b | \"",
            "a<b | a<b | <"})
    void aServerNameWithAForbiddenCharacterIsRefusedInHaproxysWords(String token, String name, String c)
            throws Exception {
        Path cfg = write(token, "app");
        String forbidden = c.equals("space") ? " " : c;
        String expected = cfg + ":7] : character '" + forbidden + "' is not permitted in server name '" + name + "'.";

        assertThat(lbgateAlerts(cfg)).containsExactly(expected);
        assertThat(haproxyAlerts(cfg)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"<script>x</script>\"", "a,b", "\"a b\""})
    void aProxyNameWithAForbiddenCharacterIsRefusedInHaproxysWords(String token) throws Exception {
        Path cfg = write("s1", token);

        assertThat(lbgateAlerts(cfg)).isEqualTo(haproxyAlerts(cfg)).hasSize(1)
                .allMatch(a -> a.startsWith(cfg + ":6] : character '") && a.contains("' is not permitted in 'backend' name '"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s-1_a.b:c", "S9", "0"})
    void lettersDigitsAndDashUnderscoreDotColonAreAccepted(String name) throws Exception {
        Path cfg = write(name, name);

        assertThatCode(() -> HaproxyConfigReader.read(List.of(cfg))).doesNotThrowAnyException();
        if (Files.isExecutable(HAPROXY)) {
            Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", cfg.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Exit status 2: no error, but nothing to listen on.
            assertThat(output).contains("Configuration file has no error").doesNotContain("[ALERT]");
        }
    }
}
