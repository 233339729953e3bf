package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.MapBindingResult;

/** Bad values fail while binding, naming the property as the start-up failure report shows it. */
class PropertiesValidationTest {

    private static final String BACKEND = """
            lbgate:
              backends:
                - name: app
                  servers:
                    - name: s1
                      address: 127.0.0.1:8081
                    - name: s2
                      address: %s
                      weight: %s
            """;

    @Test
    void weightAbove256NamesTheServerWeight() {
        assertThat(violations(BACKEND.formatted("127.0.0.1:8082", "300")))
                .containsExactly("lbgate.backends[0].servers[1].weight: 300 (expected: between 0 and 256)");
    }

    @Test
    void portAbove65535NamesTheServerAddress() {
        assertThat(violations(BACKEND.formatted("127.0.0.1:70000", "1"))).containsExactly(
                "lbgate.backends[0].servers[1].address: '127.0.0.1:70000': port 70000 is not within 1 and 65535");
    }

    @Test
    void addressWithoutPortIsRefused() {
        assertThat(violations(BACKEND.formatted("app.internal", "1"))).containsExactly(
                "lbgate.backends[0].servers[1].address: 'app.internal': missing port (expected: HOST:PORT)");
    }

    @Test
    void badDurationNamesTheProperty() {
        BindException e = bindFailure("""
                lbgate:
                  backends:
                    - name: app
                      servers:
                        - name: s1
                          address: 127.0.0.1:8081
                          inter: 5 parsecs
                """);

        assertThat(e.getName().toString()).isEqualTo("lbgate.backends[0].servers[0].inter");
        assertThat(e.getMessage()).contains("lbgate.backends[0].servers[0].inter");
    }

    @Test
    void badTimeoutNamesTheProperty() {
        BindException e = bindFailure("lbgate.defaults.timeouts.client: soon\n");

        assertThat(e.getName().toString()).isEqualTo("lbgate.defaults.timeouts.client");
    }

    @Test
    void bindMustBeAnIpAddress() {
        assertThat(violations("""
                lbgate:
                  frontends:
                    - name: web
                      binds: ["*:8080", "localhost:8081"]
                """)).containsExactly("lbgate.frontends[0].binds[1]: 'localhost:8081': a bind address must be an"
                + " IP address or '*', not 'localhost'");
    }

    @Test
    void everyBadValueOfOneElementIsReportedTogether() {
        assertThat(violations("""
                lbgate:
                  backends:
                    - name: app
                      servers:
                        - name: s1
                          address: 127.0.0.1:8081
                          rise: 0
                          maxconn: -1
                """)).containsExactly(
                "lbgate.backends[0].servers[0].rise: 0 (expected: at least 1)",
                "lbgate.backends[0].servers[0].maxconn: -1 (expected: at least 0)");
    }

    @Test
    void negativeFrontendMaxconnIsRefused() {
        assertThat(violations("""
                lbgate:
                  frontends:
                    - name: web
                      binds: ["*:8080"]
                      maxconn: -1
                """)).containsExactly("lbgate.frontends[0].maxconn: -1 (expected: at least 0)");
    }

    @Test
    void unknownSyslogFacilityIsRefused() {
        assertThat(violations("""
                lbgate.global.logs:
                  - address: 127.0.0.1
                    facility: local9
                """)).containsExactly("lbgate.global.logs[0].facility: 'local9' (expected: a syslog"
                + " facility: kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, auth2, ftp, ntp, audit,"
                + " alert, cron2, local0 ... local7)");
    }

    @Test
    void missingNamesAreRefused() {
        assertThat(violations("""
                lbgate:
                  backends:
                    - servers: []
                """)).containsExactly("lbgate.backends[0].name: not set (expected: a value)");
    }

    @Test
    void userInputInAMessageIsNotInterpolated() {
        assertThat(violations(BACKEND.formatted("\"${no.such.key}:70000\"", "1")))
                .singleElement().asString().contains("'${no.such.key}:70000': port 70000");
    }

    @Test
    void everyBadValueOfTheSectionIsReportedAtOnceInTheOrderWritten() {
        assertThat(violations("""
                lbgate:
                  global: {maxconn: -5}
                  frontends:
                    - name: web
                      binds: ["127.0.0.1:8080"]
                      prometheus-exporter: [metrics]
                  backends:
                    - name: app
                      servers:
                        - {name: s1, address: "127.0.0.1:8081", fast-inter: 0s}
                        - {name: s2, address: "127.0.0.1:70000", weight: 300}
                """)).containsExactly(
                "lbgate.global.maxconn: -5 (expected: at least 0)",
                "lbgate.frontends[0].prometheus-exporter[0]: 'metrics' (expected: a path starting with '/')",
                "lbgate.backends[0].servers[0].fast-inter: 0ms (expected: at least 1ms)",
                "lbgate.backends[0].servers[1].address: '127.0.0.1:70000': port 70000 is not within 1 and 65535",
                "lbgate.backends[0].servers[1].weight: 300 (expected: between 0 and 256)");
    }

    @Test
    void valuesAtTheirLimitsAreAccepted() {
        LbgateProperties properties = YamlBinding.bind("""
                lbgate:
                  global: {maxconn: 0, stats-timeout: 1ms, stats-maxconn: 1, grace: 0s, hard-stop-after: 0s}
                  defaults:
                    retries: 0
                    timeouts: {client: 0, server: 0}
                    http-check: {expect-status: [100, 599]}
                  backends:
                    - name: app
                      servers:
                        - {name: s1, address: "127.0.0.1:8081", weight: 0, rise: 1, fall: 1, inter: 1ms,
                           fast-inter: 1ms, down-inter: 1ms, maxconn: 0, maxqueue: 0, slowstart: 0s, check-port: 65535}
                        - {name: s2, address: "127.0.0.1:8082", weight: 256, check-port: 0}
                  stats: {binds: ["127.0.0.1:1080"], refresh: 1ms}
                """);

        assertThat(properties.backends().get(0).servers()).hasSize(2);
    }

    private static final String FACILITIES = "a syslog facility: kern, user, mail, daemon, auth, syslog, lpr, news,"
            + " uucp, cron, auth2, ftp, ntp, audit, alert, cron2, local0 ... local7";

    /** One rule each, with a value just past its limit, and the one error it must give. */
    static Stream<Arguments> everyRule() {
        String server = """
                lbgate.backends:
                  - name: app
                    servers:
                      - {name: s1, address: "127.0.0.1:8081", %s}
                """;
        String frontend = """
                lbgate.frontends:
                  - {name: web, binds: ["127.0.0.1:8080"], %s}
                """;
        return Stream.of(
                rule("lbgate.global.stats-timeout: 0s", "lbgate.global.stats-timeout: 0ms (expected: at least 1ms)"),
                rule("lbgate.global.stats-maxconn: -1", "lbgate.global.stats-maxconn: -1 (expected: at least 1)"),
                rule("lbgate.global.grace: -1s", "lbgate.global.grace: -1000ms (expected: at least 0ms)"),
                rule("lbgate.global.hard-stop-after: -5ms",
                        "lbgate.global.hard-stop-after: -5ms (expected: at least 0ms)"),
                rule("lbgate.global.logs: [{facility: local0}]",
                        "lbgate.global.logs[0].address: not set (expected: a value)"),
                rule("lbgate.global.logs: [{address: \"10.0.0.1:0\", facility: local0}]",
                        "lbgate.global.logs[0].address: '10.0.0.1:0': port 0 is not within 1 and 65535"),
                rule("lbgate.global.logs: [{address: 10.0.0.1}]",
                        "lbgate.global.logs[0].facility: not set (expected: a value)"),
                rule("lbgate.global.logs: [{address: 10.0.0.1, facility: local0, level: verbose}]",
                        "lbgate.global.logs[0].level: 'verbose' (expected: a syslog level: emerg, alert, crit, err,"
                                + " warning, notice, info or debug)"),
                rule("lbgate.global.stats-sockets: [{mode: \"600\"}]",
                        "lbgate.global.stats-sockets[0].address: not set (expected: a value)"),
                rule("lbgate.global.stats-sockets: [{address: /run/lbgate.sock, mode: \"800\"}]",
                        "lbgate.global.stats-sockets[0].mode: '800' (expected: an octal mode such as 600)"),
                rule("lbgate.defaults.maxconn: -1", "lbgate.defaults.maxconn: -1 (expected: at least 0)"),
                rule("lbgate.defaults.retries: -1", "lbgate.defaults.retries: -1 (expected: at least 0)"),
                rule("lbgate.defaults.forwardfor.except: everyone",
                        "lbgate.defaults.forwardfor.except: 'everyone' (expected: an address or NETWORK/BITS)"),
                rule("lbgate.defaults.forwardfor.header: \" \"",
                        "lbgate.defaults.forwardfor.header: ' ' (expected: a value that is not blank)"),
                rule("lbgate.defaults.http-check.method: \" \"",
                        "lbgate.defaults.http-check.method: ' ' (expected: a value that is not blank)"),
                rule("lbgate.defaults.http-check.uri: \" \"",
                        "lbgate.defaults.http-check.uri: ' ' (expected: a value that is not blank)"),
                rule("lbgate.defaults.http-check.version: \" \"",
                        "lbgate.defaults.http-check.version: ' ' (expected: a value that is not blank)"),
                rule("lbgate.defaults.http-check.expect-status: [200, 99]",
                        "lbgate.defaults.http-check.expect-status[1]: 99 (expected: between 100 and 599)"),
                rule("lbgate.defaults.http-check.expect-status: [600]",
                        "lbgate.defaults.http-check.expect-status[0]: 600 (expected: between 100 and 599)"),
                rule("lbgate.defaults.log.targets: [{address: 10.0.0.1, facility: bogus}]",
                        "lbgate.defaults.log.targets[0].facility: 'bogus' (expected: " + FACILITIES + ")"),
                rule("lbgate.defaults.timeouts.http-request: -1",
                        "lbgate.defaults.timeouts.http-request: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.queue: -1",
                        "lbgate.defaults.timeouts.queue: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.connect: -1",
                        "lbgate.defaults.timeouts.connect: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.client: -1",
                        "lbgate.defaults.timeouts.client: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.server: -1",
                        "lbgate.defaults.timeouts.server: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.http-keep-alive: -1",
                        "lbgate.defaults.timeouts.http-keep-alive: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.check: -1",
                        "lbgate.defaults.timeouts.check: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.tunnel: -1",
                        "lbgate.defaults.timeouts.tunnel: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.client-fin: -1",
                        "lbgate.defaults.timeouts.client-fin: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.timeouts.server-fin: -1",
                        "lbgate.defaults.timeouts.server-fin: -1ms (expected: at least 0ms)"),
                rule("lbgate.defaults.default-server.inter: 0",
                        "lbgate.defaults.default-server.inter: 0ms (expected: at least 1ms)"),
                rule("lbgate.defaults.default-server.weight: 257",
                        "lbgate.defaults.default-server.weight: 257 (expected: between 0 and 256)"),
                rule(frontend.formatted("maxconn: -1"), "lbgate.frontends[0].maxconn: -1 (expected: at least 0)"),
                rule("lbgate.frontends: [{name: \" \", binds: [\"*:8080\"]}]",
                        "lbgate.frontends[0].name: ' ' (expected: a value that is not blank)"),
                rule("lbgate.frontends: [{name: web, binds: [\"*:8080\", \" \"]}]",
                        "lbgate.frontends[0].binds[1]: ' ' (expected: a value that is not blank)"),
                rule(frontend.formatted("timeouts: {client: -1}"),
                        "lbgate.frontends[0].timeouts.client: -1ms (expected: at least 0ms)"),
                rule(frontend.formatted("forwardfor: {except: \"10.0.0.0/8,\"}"),
                        "lbgate.frontends[0].forwardfor.except: '10.0.0.0/8,' (expected: an address or NETWORK/BITS)"),
                rule(frontend.formatted("log: {targets: [{address: 10.0.0.1, facility: local8}]}"),
                        "lbgate.frontends[0].log.targets[0].facility: 'local8' (expected: " + FACILITIES + ")"),
                rule("lbgate.backends: [{name: app, retries: -1}]",
                        "lbgate.backends[0].retries: -1 (expected: at least 0)"),
                rule("lbgate.backends: [{name: app, default-server: {fall: 0}}]",
                        "lbgate.backends[0].default-server.fall: 0 (expected: at least 1)"),
                rule("lbgate.backends: [{name: app, http-check: {uri: \" \"}}]",
                        "lbgate.backends[0].http-check.uri: ' ' (expected: a value that is not blank)"),
                rule("lbgate.backends: [{name: app, timeouts: {server: -1}}]",
                        "lbgate.backends[0].timeouts.server: -1ms (expected: at least 0ms)"),
                rule("lbgate.backends: [{name: app, forwardfor: {header: \" \"}}]",
                        "lbgate.backends[0].forwardfor.header: ' ' (expected: a value that is not blank)"),
                rule("lbgate.backends: [{name: app, log: {targets: [{address: 10.0.0.1}]}}]",
                        "lbgate.backends[0].log.targets[0].facility: not set (expected: a value)"),
                rule("lbgate.backends: [{name: app, servers: [{address: \"127.0.0.1:8081\"}]}]",
                        "lbgate.backends[0].servers[0].name: not set (expected: a value)"),
                rule("lbgate.backends: [{name: app, servers: [{name: s1}]}]",
                        "lbgate.backends[0].servers[0].address: not set (expected: a value)"),
                rule(server.formatted("inter: 0"), "lbgate.backends[0].servers[0].inter: 0ms (expected: at least 1ms)"),
                rule(server.formatted("down-inter: 0"),
                        "lbgate.backends[0].servers[0].down-inter: 0ms (expected: at least 1ms)"),
                rule(server.formatted("fall: 0"), "lbgate.backends[0].servers[0].fall: 0 (expected: at least 1)"),
                rule(server.formatted("weight: -1"),
                        "lbgate.backends[0].servers[0].weight: -1 (expected: between 0 and 256)"),
                rule(server.formatted("maxqueue: -1"),
                        "lbgate.backends[0].servers[0].maxqueue: -1 (expected: at least 0)"),
                rule(server.formatted("slowstart: -1s"),
                        "lbgate.backends[0].servers[0].slowstart: -1000ms (expected: at least 0ms)"),
                rule(server.formatted("check-port: 65536"),
                        "lbgate.backends[0].servers[0].check-port: 65536 (expected: between 0 and 65535)"),
                rule(server.formatted("check-port: -1"),
                        "lbgate.backends[0].servers[0].check-port: -1 (expected: between 0 and 65535)"),
                rule("lbgate.stats: {name: \" \", binds: [\"*:1080\"]}",
                        "lbgate.stats.name: ' ' (expected: a value that is not blank)"),
                rule("lbgate.stats: {binds: [\"localhost:1080\"]}", "lbgate.stats.binds[0]: 'localhost:1080': a bind"
                        + " address must be an IP address or '*', not 'localhost'"),
                rule("lbgate.stats: {binds: [\"*:1080\"], uri: \" \"}",
                        "lbgate.stats.uri: ' ' (expected: a value that is not blank)"),
                rule("lbgate.stats: {binds: [\"*:1080\"], realm: \" \"}",
                        "lbgate.stats.realm: ' ' (expected: a value that is not blank)"),
                rule("lbgate.stats: {binds: [\"*:1080\"], users: [{password: secret}]}",
                        "lbgate.stats.users[0].name: not set (expected: a value)"),
                rule("lbgate.stats: {binds: [\"*:1080\"], users: [{name: admin}]}",
                        "lbgate.stats.users[0].password: not set (expected: a value)"),
                rule("lbgate.stats: {binds: [\"*:1080\"], refresh: 0s}",
                        "lbgate.stats.refresh: 0ms (expected: at least 1ms)"));
    }

    private static Arguments rule(String yaml, String violation) {
        return Arguments.of(yaml, violation);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyRule")
    void eachRuleNamesThePropertyAndTheValue(String yaml, String violation) {
        assertThat(violations(yaml)).containsExactly(violation);
    }

    /**
     * What YAML cannot write (the binder keeps a default over an empty value and refuses an empty list
     * entry itself) is still refused when the records are made another way.
     */
    @Test
    void emptyChoicesAndEntriesAreRefusedWhenMadeInCode() {
        DefaultsProperties defaults = new DefaultsProperties(null, null, 0, null, 3, false, false, false, null,
                null, new HttpCheckProperties(true, "GET", "/", "HTTP/1.1", Arrays.asList(200, null)), null, null,
                null);
        BackendProperties backend = new BackendProperties("app", null, null, null, null, null, null, null, null,
                null, null, null, Arrays.asList((ServerProperties) null), null);
        LbgateProperties properties = new LbgateProperties(new GlobalProperties(0, null, null, null, 0, null, null),
                defaults, Arrays.asList((FrontendProperties) null), List.of(backend), null, new DemoProperties(false));
        Errors errors = new MapBindingResult(new HashMap<>(), "lbgate");

        new PropertiesValidator().validate(properties, errors);

        assertThat(errors.getFieldErrors()).extracting(e -> e.getField() + ": " + e.getDefaultMessage())
                .containsExactly(
                "defaults.mode: not set (expected: a value)",
                "defaults.balance: not set (expected: a value)",
                "defaults.connection-mode: not set (expected: a value)",
                "defaults.http-check.expect-status[1]: not set (expected: a value)",
                "frontends[0]: empty entry (expected: a block of keys)",
                "backends[0].servers[0]: empty entry (expected: a block of keys)");
    }

    /** Every violation as {@code property.path: message}. */
    private static List<String> violations(String yaml) {
        BindException e = bindFailure(yaml);
        assertThat(e.getCause()).isInstanceOf(BindValidationException.class);
        BindValidationException validation = (BindValidationException) e.getCause();
        return validation.getValidationErrors().getAllErrors().stream()
                .map(error -> validation.getValidationErrors().getName() + "."
                        + ((FieldError) error).getField() + ": " + error.getDefaultMessage())
                .toList();
    }

    private static BindException bindFailure(String yaml) {
        BindException e = catchThrowableOfType(BindException.class, () -> YamlBinding.bind(yaml));
        assertThat(e).as("binding should fail").isNotNull();
        return e;
    }
}
