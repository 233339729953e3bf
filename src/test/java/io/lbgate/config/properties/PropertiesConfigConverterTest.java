package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lbgate.config.Algorithm;
import io.lbgate.config.ApiLevel;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.HealthCheckSettings;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.RuntimeApiSettings;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.StatsSocket;
import io.lbgate.config.Timeouts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertiesConfigConverterTest {

    private static final String ONE_BACKEND = """
              backends:
                - name: app
                  servers:
                    - name: s1
                      address: 127.0.0.1:8081
            """;

    @Test
    void emptySectionIsAnEmptyConfiguration() {
        LoadedConfig loaded = load("lbgate: {}\n");

        assertThat(loaded.source()).isEqualTo("application.yml");
        assertThat(loaded.config().frontends()).isEmpty();
        assertThat(loaded.config().backends()).isEmpty();
        assertThat(loaded.config().stats()).isNull();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void serverWithoutParametersHasHaproxyDefaults() {
        BackendConfig backend = load("lbgate:\n" + ONE_BACKEND).config().backends().get(0);

        assertThat(backend.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(backend.balance()).isEqualTo(Algorithm.ROUNDROBIN);
        assertThat(backend.retries()).isEqualTo(3);
        assertThat(backend.connectionMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(backend.httpCheck()).isNull();
        assertThat(backend.forwardFor()).isNull();
        assertThat(backend.log()).isEqualTo(LogSettings.NONE);
        assertThat(backend.servers()).containsExactly(ServerConfig.of("s1", "127.0.0.1", 8081));
    }

    @Test
    void frontendAndBackendTakeWhatTheyLeaveUnsetFromDefaults() {
        LoadedConfig loaded = load("""
                lbgate:
                  defaults:
                    mode: http
                    maxconn: 3000
                    retries: 5
                    redispatch: true
                    connection-mode: server-close
                    forwardfor: {except: 127.0.0.0/8}
                    http-check: {uri: /health}
                    timeouts: {client: 1m, server: 1m, connect: 10s, http-request: 10s, queue: 30s}
                  frontends:
                    - name: web
                      binds: ["*:8080"]
                      timeouts: {client: 30s}
                      default-backend: app
                  backends:
                    - name: app
                      retries: 1
                      redispatch: false
                      timeouts: {server: 2m}
                      servers:
                        - {name: s1, address: "127.0.0.1:8081"}
                """);

        FrontendConfig web = loaded.config().frontends().get(0);
        assertThat(web.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(web.maxconn()).isEqualTo(3000);
        assertThat(web.connectionMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        assertThat(web.forwardFor()).isEqualTo(new ForwardFor("127.0.0.0/8", "X-Forwarded-For", false));
        // Every timeout of defaults, as haproxy.cfg copies them, with the frontend's own on top.
        assertThat(web.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), null, null, null, null, null));

        BackendConfig app = loaded.config().backends().get(0);
        assertThat(app.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(app.retries()).isEqualTo(1);
        assertThat(app.redispatch()).isFalse();
        assertThat(app.httpCheck()).isEqualTo(new HealthCheckSettings("OPTIONS", "/health", "HTTP/1.0", List.of()));
        assertThat(app.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(2), null, null, null, null, null));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void tcpKeepAliveComesFromDefaultsUnlessAProxySaysOtherwise() {
        LoadedConfig loaded = load("""
                lbgate:
                  defaults:
                    mode: tcp
                    tcp-keep-alive: true
                    timeouts: {client: 1m, server: 1m, connect: 10s}
                  frontends:
                    - {name: api, binds: ["*:8090"], default-backend: app}
                    - {name: other, binds: ["*:8091"], default-backend: app, tcp-keep-alive: false}
                  backends:
                    - name: app
                      servers:
                        - {name: s1, address: "127.0.0.1:8081"}
                """);
        assertThat(loaded.config().frontends()).extracting(FrontendConfig::tcpKeepAlive).containsExactly(true, false);
        assertThat(loaded.config().backends().get(0).tcpKeepAlive()).isTrue();
    }

    @Test
    void proxyBlockReplacesTheInheritedOptionWhole() {
        LoadedConfig loaded = load("""
                lbgate:
                  defaults:
                    mode: http
                    forwardfor: {except: 127.0.0.0/8, if-none: true}
                    http-check: {uri: /health, expect-status: [200]}
                  frontends:
                    - name: plain
                      binds: ["*:8080"]
                      forwardfor: {header: X-Client}
                    - name: off
                      binds: ["*:8081"]
                      forwardfor: {enabled: false}
                  backends:
                    - name: app
                      http-check: {enabled: false}
                """);

        assertThat(loaded.config().frontends()).extracting(FrontendConfig::forwardFor)
                .containsExactly(new ForwardFor(null, "X-Client", false), null);
        assertThat(loaded.config().backends().get(0).httpCheck()).isNull();
    }

    @Test
    void logGlobalUsesTheGlobalTargetsFirst() {
        FrontendConfig web = load("""
                lbgate:
                  global:
                    logs: [{address: 127.0.0.1, facility: local2}]
                  defaults:
                    log: {global: true, format: httplog, dont-log-null: true}
                    mode: http
                  frontends:
                    - name: web
                      binds: ["*:8080"]
                      log:
                        targets: [{address: "10.0.0.9:5514", facility: local0, level: info}]
                """).config().frontends().get(0);

        assertThat(web.log()).isEqualTo(new LogSettings(LogSettings.Format.HTTPLOG, true, List.of(
                new LogTarget("127.0.0.1", 514, "local2", null),
                new LogTarget("10.0.0.9", 5514, "local0", "info"))));
    }

    @Test
    void serverParametersComeFromDefaultServerChain() {
        BackendConfig backend = load("""
                lbgate:
                  defaults:
                    default-server: {check: true, inter: 5s, weight: 10}
                  backends:
                    - name: app
                      default-server: {weight: 20, send-proxy: v1}
                      servers:
                        - {name: s1, address: "127.0.0.1:8081"}
                        - {name: s2, address: "127.0.0.1:8082", weight: 30, check: false}
                """).config().backends().get(0);

        ServerConfig s1 = backend.servers().get(0);
        assertThat(s1.check()).isTrue();
        assertThat(s1.inter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s1.weight()).isEqualTo(20);
        assertThat(s1.sendProxy()).isEqualTo(ProxyProtocol.V1);
        ServerConfig s2 = backend.servers().get(1);
        assertThat(s2.check()).isFalse();
        assertThat(s2.weight()).isEqualTo(30);
    }

    @Test
    void everyServerParameterReachesTheModel() {
        ServerConfig server = load("""
                lbgate:
                  backends:
                    - name: app
                      servers:
                        - name: s1
                          address: "[::1]:8081"
                          check: true
                          inter: 3s
                          fast-inter: 1s
                          down-inter: 10s
                          rise: 4
                          fall: 5
                          weight: 256
                          maxconn: 100
                          maxqueue: 50
                          backup: true
                          disabled: true
                          send-proxy: v2
                          check-send-proxy: true
                          slowstart: 30s
                          on-marked-down-shutdown-sessions: true
                          check-port: 9000
                          check-addr: 127.0.0.2
                """).config().backends().get(0).servers().get(0);

        assertThat(server).isEqualTo(new ServerConfig("s1", "::1", 8081, true, Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(10), 4, 5, 256, 100, 50, true, true, ProxyProtocol.V2,
                true, Duration.ofSeconds(30), true, 9000, "127.0.0.2"));
    }

    @Test
    void bindAddressFormsAreReadAsHaproxyReadsThem() {
        FrontendConfig web = load("""
                lbgate:
                  frontends:
                    - name: web
                      accept-proxy: true
                      binds: ["*:8080", ":8081", "127.0.0.1:8082", "[::]:8083", ":::8084", "[::1]:8085"]
                """).config().frontends().get(0);

        assertThat(web.binds()).containsExactly(
                new BindAddress("0.0.0.0", 8080, true),
                new BindAddress("0.0.0.0", 8081, true),
                new BindAddress("127.0.0.1", 8082, true),
                new BindAddress("::", 8083, true),
                new BindAddress("::", 8084, true),
                new BindAddress("::1", 8085, true));
    }

    @Test
    void transparentAppliesToEveryBindOfTheFrontend() {
        FrontendConfig web = load("""
                lbgate:
                  frontends:
                    - name: web
                      transparent: true
                      binds: ["10.51.0.50:8080", "10.51.0.51:8080"]
                """).config().frontends().get(0);

        assertThat(web.binds()).containsExactly(new BindAddress("10.51.0.50", 8080, false, true),
                new BindAddress("10.51.0.51", 8080, false, true));
    }

    @Test
    void missingDefaultBackendNamesTheProperty() {
        InvalidConfigException e = failure("""
                lbgate:
                  frontends:
                    - name: web
                      binds: ["*:8080"]
                      default-backend: app
                    - name: api
                      binds: ["*:8090"]
                      default-backend: nosuch
                """ + ONE_BACKEND);

        assertThat(alerts(e)).containsExactly(ConfigProblem.alert("lbgate.frontends[1].default-backend",
                "Proxy 'api': unable to find required default_backend: 'nosuch'."));
    }

    @Test
    void duplicateServerNamePointsAtTheSecondServer() {
        InvalidConfigException e = failure("""
                lbgate:
                  backends:
                    - name: other
                      servers: [{name: s1, address: "127.0.0.1:8080"}]
                    - name: app
                      servers:
                        - {name: s1, address: "127.0.0.1:8081"}
                        - {name: s2, address: "127.0.0.1:8082"}
                        - {name: s1, address: "127.0.0.1:8083"}
                """);

        assertThat(alerts(e)).extracting(ConfigProblem::location).containsExactly("lbgate.backends[1].servers[2]");
        assertThat(alerts(e).get(0).message()).contains("'server app/s1'", "same name");
    }

    @Test
    void duplicateBackendNamePointsAtTheLaterOne() {
        InvalidConfigException e = failure("""
                lbgate:
                  backends:
                    - name: app
                    - name: web
                    - name: app
                """);

        assertThat(alerts(e)).extracting(ConfigProblem::location).containsExactly("lbgate.backends[2]");
    }

    @Test
    void frontendWithoutBindIsAnAlert() {
        InvalidConfigException e = failure("""
                lbgate:
                  frontends:
                    - name: web
                """);

        assertThat(alerts(e)).containsExactly(
                ConfigProblem.alert("lbgate.frontends[0]", "Proxy 'web' has no 'bind' directive."));
    }

    @Test
    void tcpFrontendCannotUseHttpBackend() {
        InvalidConfigException e = failure("""
                lbgate:
                  frontends:
                    - name: web
                      mode: tcp
                      binds: ["*:8080"]
                      default-backend: app
                  backends:
                    - name: app
                      mode: http
                """);

        assertThat(alerts(e)).extracting(ConfigProblem::location)
                .containsExactly("lbgate.frontends[0].default-backend");
    }

    @Test
    void unvalidatedBadValueStillFailsWithItsPath() {
        // Properties made in code skip bean validation; the model's own checks still name the place.
        ServerProperties heavy = new ServerProperties("s1", "127.0.0.1:8081", null, null, null, null, null, null,
                300, null, null, null, null, null, null, null, null, null, null);
        BackendProperties app = new BackendProperties("app", null, null, null, null, null, null, null, null, null,
                null, null, List.of(heavy), null);
        LbgateProperties properties = new LbgateProperties(new GlobalProperties(0, null, null, null, 0, null, null), defaults(),
                List.of(), List.of(app), null, new DemoProperties(false));

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> PropertiesConfigConverter.toLoadedConfig(properties));

        assertThat(alerts(e)).containsExactly(
                ConfigProblem.alert("lbgate.backends[0].servers[0]", "weight: 300 (expected: 0..256)"));
    }

    @Test
    void tcpProxiesDropHttpOnlyOptionsWithHaproxysWarnings() {
        LoadedConfig loaded = load("""
                lbgate:
                  global:
                    logs: [{address: 127.0.0.1, facility: local2}]
                  defaults:
                    log: {format: httplog, global: true}
                    forwardfor: {except: 127.0.0.0/8}
                    timeouts: {client: 1m, connect: 5s, server: 1m}
                  frontends:
                    - name: api
                      mode: tcp
                      binds: ["*:8090"]
                """);

        FrontendConfig api = loaded.config().frontends().get(0);
        assertThat(api.forwardFor()).isNull();
        assertThat(api.log().format()).isEqualTo(LogSettings.Format.TCPLOG);
        assertThat(loaded.warnings()).containsExactly(
                ConfigProblem.warning("lbgate.frontends[0]",
                        "'option forwardfor' ignored for frontend 'api' as it requires HTTP mode."),
                ConfigProblem.warning("lbgate.frontends[0]", "'option httplog' not usable with frontend 'api'"
                        + " (needs 'mode http'). Falling back to 'option tcplog'."));
    }

    @Test
    void httpOnlySettingsWrittenOnATcpProxyAreWarnings() {
        LoadedConfig loaded = load("""
                lbgate:
                  defaults:
                    timeouts: {client: 1m, connect: 5s, server: 1m}
                  frontends:
                    - name: api
                      binds: ["*:8090"]
                      connection-mode: close
                      timeouts: {http-request: 5s}
                      log: {format: tcplog}
                """);

        assertThat(loaded.warnings()).extracting(ConfigProblem::location).containsExactly(
                "lbgate.frontends[0].connection-mode",
                "lbgate.frontends[0].timeouts.http-request",
                "lbgate.frontends[0].log.format");
        assertThat(loaded.warnings().get(2).message())
                .isEqualTo("log format ignored for frontend 'api' since it has no log address.");
    }

    @Test
    void timeoutsOnTheWrongSideAndMissingOnesAreWarnings() {
        LoadedConfig loaded = load("""
                lbgate:
                  frontends:
                    - name: web
                      binds: ["*:8080"]
                      timeouts: {server: 1m}
                  backends:
                    - name: app
                      timeouts: {connect: 5s, client: 1m}
                """);

        assertThat(loaded.warnings()).extracting(ConfigProblem::location).containsExactly(
                "lbgate.frontends[0].timeouts.server",
                "lbgate.frontends[0]",
                "lbgate.backends[0].timeouts.client",
                "lbgate.backends[0]");
        assertThat(loaded.warnings().get(1).message()).startsWith("missing timeouts for frontend 'web'");
        assertThat(loaded.config().frontends().get(0).timeouts().server()).isNull();
        assertThat(loaded.config().backends().get(0).timeouts().client()).isNull();
    }

    @Test
    void statsListenerCarriesItsUsersAsWritten() {
        LoadedConfig loaded = load("""
                lbgate:
                  stats:
                    binds: ["127.0.0.1:1080"]
                    admin: true
                    refresh: 10s
                    users:
                      - {name: admin, password: "{bcrypt}$2a$10$GRLdNijSQMUvl/au9ofL.eDwmoohzzS7.rmNSJZ.0FxO/BTk76klW"}
                """);

        assertThat(loaded.config().stats().users().get(0).password())
                .isEqualTo("{bcrypt}$2a$10$GRLdNijSQMUvl/au9ofL.eDwmoohzzS7.rmNSJZ.0FxO/BTk76klW");
        assertThat(loaded.config().stats().binds()).containsExactly(new BindAddress("127.0.0.1", 1080, false));
        assertThat(loaded.config().stats().refresh()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void statsListenerWithoutBindIsAnAlert() {
        InvalidConfigException e = failure("lbgate.stats.admin: true\n");

        assertThat(alerts(e)).extracting(ConfigProblem::location).containsExactly("lbgate.stats.binds");
    }

    @Test
    void runtimeSocketAloneNeedsNoBind() {
        LoadedConfig loaded = load("lbgate.stats.socket: /run/lbgate.sock\n");

        assertThat(loaded.config().global().runtimeApi().sockets()).containsExactly(StatsSocket.unix("/run/lbgate.sock"));
        assertThat(loaded.config().stats()).isNull();
    }

    @Test
    void statsSocketsAreHaproxysStatsSocketLines() {
        LoadedConfig loaded = load("""
                lbgate.global:
                  stats-timeout: 30s
                  stats-maxconn: 4
                  stats-sockets:
                    - {address: /run/admin.sock, level: admin, mode: "600"}
                    - {address: "127.0.0.1:9999", level: user}
                """);

        RuntimeApiSettings api = loaded.config().global().runtimeApi();
        assertThat(api.sockets()).containsExactly(
                new StatsSocket("/run/admin.sock", null, 0600, ApiLevel.ADMIN, null, null, false),
                new StatsSocket(null, new BindAddress("127.0.0.1", 9999, false), -1, ApiLevel.USER, null, null, false));
        assertThat(api.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(api.maxconn()).isEqualTo(4);
    }

    private static List<ConfigProblem> alerts(InvalidConfigException e) {
        return e.problems().stream().filter(ConfigProblem::isAlert).toList();
    }

    private static DefaultsProperties defaults() {
        return YamlBinding.bind("lbgate: {}\n").defaults();
    }

    private static LoadedConfig load(String yaml) {
        return PropertiesConfigConverter.toLoadedConfig(YamlBinding.bind(yaml));
    }

    private static InvalidConfigException failure(String yaml) {
        LbgateProperties properties = YamlBinding.bind(yaml);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> PropertiesConfigConverter.toLoadedConfig(properties));
        assertThat(e).as("conversion should fail").isNotNull();
        return e;
    }
}
