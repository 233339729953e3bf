package io.lbgate.config.haproxy;

import io.lbgate.config.ApiLevel;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.RuntimeApiSettings;
import io.lbgate.config.StatsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stats socket}, {@code stats timeout} and {@code stats maxconn} in {@code global}. */
class StatsSocketParserTest {
    @TempDir
    Path dir;

    @Test
    void everySocketLineIsKeptWithItsOptions() {
        RuntimeApiSettings api = Configs.load(dir, """
                global
                    stats socket /run/admin.sock mode 600 level admin expose-fd listeners
                    stats socket unix@/run/user.sock level user user root group root
                    stats socket 127.0.0.1:9999
                    stats socket ipv6@::1:9998 level operator
                    stats timeout 2m
                    stats maxconn 4
                """ + Configs.TIMEOUTS).config().global().runtimeApi();

        assertThat(api.sockets()).containsExactly(
                new StatsSocket("/run/admin.sock", null, 0600, ApiLevel.ADMIN, null, null, true),
                new StatsSocket("/run/user.sock", null, -1, ApiLevel.USER, "root", "root", false),
                new StatsSocket(null, new BindAddress("127.0.0.1", 9999, false), -1, ApiLevel.OPERATOR, null, null,
                        false),
                new StatsSocket(null, new BindAddress("::1", 9998, false), -1, ApiLevel.OPERATOR, null, null, false));
        assertThat(api.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(api.maxconn()).isEqualTo(4);
    }

    @Test
    void withoutLinesThereIsNoApiAndHaproxysDefaults() {
        RuntimeApiSettings api = Configs.load(dir, Configs.TIMEOUTS).config().global().runtimeApi();

        assertThat(api.sockets()).isEmpty();
        assertThat(api.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(api.maxconn()).isEqualTo(10);
    }

    /** The messages are HAProxy 2.6.12's for the same lines (observed with {@code haproxy -c}). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "stats socket|'stats socket' in global section expects an address or a path to a UNIX socket",
        "stats socket /x.sock level foo|'stats socket' : ''level' only supports 'user', 'operator', and 'admin' (got 'foo')'",
        "stats socket /x.sock level|'stats socket' : ''level' : missing level'",
        "stats socket /x.sock mode abc|'stats socket' : ''mode' : missing or invalid mode 'abc' (octal integer expected)'",
        "stats socket /x.sock bogus|'stats socket' : unknown keyword 'bogus'.",
        "stats socket /x.sock user nosuchuser-lbgate|'stats socket' : ''user' : unknown user name 'nosuchuser-lbgate''",
        "stats socket /x.sock expose-fd foo|'stats socket' : ''expose-fd' only supports 'listeners' (got 'foo')'",
        "stats socket 127.0.0.1 level admin|'stats socket' : missing port specification in '127.0.0.1'",
        "stats timeout abc|'stats timeout' : unexpected character 'a'",
        "stats timeout 5x|'stats timeout' : unexpected character 'x'",
    })
    void badLinesAreAlertsWithTheirLine(String line, String message) {
        var e = Configs.fail(dir, "global\n    " + line + "\n" + Configs.TIMEOUTS);

        assertThat(e.problems()).filteredOn(ConfigProblem::isAlert)
                .extracting(p -> p.location() + " " + p.message())
                .containsExactly(dir.resolve("haproxy.cfg") + ":2 " + message);
    }
}
