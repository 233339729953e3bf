package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lbgate.config.Algorithm;
import io.lbgate.config.ApiLevel;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.HealthCheckSettings;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.StatsSocket;
import io.lbgate.support.ConfigFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeywordMappingTest {
    @TempDir
    Path dir;

    private GatewayConfig config(String text) {
        return Configs.load(dir, Configs.TIMEOUTS + text).config();
    }

    @Test
    void serverParametersMapOntoServerConfig() {
        BackendConfig b = config("""
                backend b
                    server a 10.0.0.1:80 check inter 3s fastinter 1s downinter 10s rise 4 fall 5 weight 256 maxconn 10 maxqueue 5 backup disabled send-proxy-v2 check-send-proxy slowstart 20s on-marked-down shutdown-sessions port 81 addr 10.0.0.2
                    server z 10.0.0.3:8080
                """).backend("b").orElseThrow();
        assertThat(b.servers().get(0)).isEqualTo(new ServerConfig("a", "10.0.0.1", 80, true, Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(10), 4, 5, 256, 10, 5, true, true, ProxyProtocol.V2, true,
                Duration.ofSeconds(20), true, 81, "10.0.0.2"));
        assertThat(b.servers().get(1)).isEqualTo(ServerConfig.of("z", "10.0.0.3", 8080));
    }

    @Test
    void defaultServerParametersApplyToLaterServers() {
        BackendConfig b = config("""
                backend b
                    default-server inter 4s weight 7
                    server a 10.0.0.1:80 check
                    server c 10.0.0.2:80 weight 2
                """).backend("b").orElseThrow();
        assertThat(b.servers()).extracting(ServerConfig::inter).containsOnly(Duration.ofSeconds(4));
        assertThat(b.servers()).extracting(ServerConfig::weight).containsExactly(7, 2);
    }

    @Test
    void bindAddressForms() {
        FrontendConfig f = config("""
                frontend f
                    bind *:1001
                    bind :1002,0.0.0.0:1003 accept-proxy name web
                    bind 127.0.0.1:1004
                    bind [::]:1005
                    bind :::1006
                    bind ::1:18084
                    default_backend b
                backend b
                """).frontend("f").orElseThrow();
        assertThat(f.binds()).containsExactly(new BindAddress("0.0.0.0", 1001, false),
                new BindAddress("0.0.0.0", 1002, true), new BindAddress("0.0.0.0", 1003, true),
                new BindAddress("127.0.0.1", 1004, false), new BindAddress("::", 1005, false),
                new BindAddress("::", 1006, false), new BindAddress("::1", 18084, false));
    }

    @Test
    void transparentBindsTheAddressForeignAndIsPerLine() {
        FrontendConfig f = config("""
                frontend f
                    bind 10.51.0.50:8080,10.51.0.51:8080 transparent
                    bind 127.0.0.1:8081 accept-proxy transparent
                    bind 127.0.0.1:8082
                    default_backend b
                backend b
                """).frontend("f").orElseThrow();
        assertThat(f.binds()).containsExactly(new BindAddress("10.51.0.50", 8080, false, true),
                new BindAddress("10.51.0.51", 8080, false, true), new BindAddress("127.0.0.1", 8081, true, true),
                new BindAddress("127.0.0.1", 8082, false, false));
    }

    @Test
    void proxyOptionsMapOntoTheModel() {
        GatewayConfig c = config("""
                global
                    log 10.0.0.9:1514 local0 info
                    log 10.0.0.8 daemon
                    maxconn 2000
                frontend f
                    mode http
                    bind :80
                    maxconn 100
                    log global
                    option httplog
                    option forwardfor except 10.0.0.0/8 header X-Real-IP if-none
                    option httpclose
                    timeout http-request 3s
                    use_backend b if TRUE
                backend b
                    mode http
                    balance leastconn
                    retries 5
                    option redispatch
                    option allbackups
                    option http-server-close
                    option http-keep-alive
                    option httpchk GET /health HTTP/1.1
                    http-check expect status 200,204
                    timeout tunnel 1h
                    log 10.0.0.7 local1
                """);
        assertThat(c.global().maxconn()).isEqualTo(2000);
        FrontendConfig f = c.frontend("f").orElseThrow();
        assertThat(f.maxconn()).isEqualTo(100);
        assertThat(f.defaultBackend()).isEqualTo("b");
        assertThat(f.forwardFor()).isEqualTo(new ForwardFor("10.0.0.0/8", "X-Real-IP", true));
        assertThat(f.connectionMode()).isEqualTo(HttpConnectionMode.CLOSE);
        assertThat(f.timeouts().httpRequest()).isEqualTo(Duration.ofSeconds(3));
        assertThat(f.log()).isEqualTo(new LogSettings(LogSettings.Format.HTTPLOG, false, List.of(
                new LogTarget("10.0.0.9", 1514, "local0", "info"), new LogTarget("10.0.0.8", 514, "daemon", null))));
        BackendConfig b = c.backend("b").orElseThrow();
        assertThat(b.balance()).isEqualTo(Algorithm.LEASTCONN);
        assertThat(b.retries()).isEqualTo(5);
        assertThat(b.redispatch()).isTrue();
        assertThat(b.allBackups()).isTrue();
        assertThat(b.connectionMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(b.httpCheck()).isEqualTo(new HealthCheckSettings("GET", "/health", "HTTP/1.1", List.of(200, 204)));
        assertThat(b.timeouts().tunnel()).isEqualTo(Duration.ofHours(1));
        assertThat(b.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.log().targets()).containsExactly(new LogTarget("10.0.0.7", 514, "local1", null));
        assertThat(b.forwardFor()).isNull();
    }

    @Test
    void httpchkDefaultsAndNoOption() {
        GatewayConfig c = config("""
                defaults
                    mode http
                    option httpchk
                    option redispatch
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                backend a
                backend b
                    no option httpchk
                    no option redispatch
                """);
        assertThat(c.backend("a").orElseThrow().httpCheck()).isEqualTo(HealthCheckSettings.DEFAULT_HTTP);
        assertThat(c.backend("a").orElseThrow().redispatch()).isTrue();
        assertThat(c.backend("b").orElseThrow().httpCheck()).isNull();
        assertThat(c.backend("b").orElseThrow().redispatch()).isFalse();
    }

    @Test
    void eachDefaultsSectionAppliesToTheProxiesBelowItAndFromPicksANamedOne() {
        GatewayConfig c = Configs.load(dir, """
                defaults web
                    mode http
                    retries 7
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                backend b1
                defaults
                    timeout connect 2s
                    timeout client 2s
                    timeout server 2s
                backend b2
                backend b3 from web
                defaults child from web
                    retries 9
                backend b4
                """).config();
        assertThat(c.backends()).extracting(BackendConfig::mode)
                .containsExactly(ProxyMode.HTTP, ProxyMode.TCP, ProxyMode.HTTP, ProxyMode.HTTP);
        assertThat(c.backends()).extracting(BackendConfig::retries).containsExactly(7, 3, 7, 9);
        assertThat(c.backends()).extracting(b -> b.timeouts().connect()).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void listenWithServersIsAFrontendAndABackendOfTheSameName() {
        GatewayConfig c = config("""
                listen app
                    bind :9000
                    server a 10.0.0.1:80
                """);
        assertThat(c.frontend("app").orElseThrow().defaultBackend()).isEqualTo("app");
        assertThat(c.backend("app").orElseThrow().servers()).hasSize(1);
        assertThat(c.stats()).isNull();
    }

    private static final String SOCKET = "global\n    stats socket /run/lbgate.sock level admin\n";

    @Test
    void proxyIdsFollowTheFileAsHaproxyNumbersThem() {
        assertThat(ids(config(ConfigFixtures.MIXED_PROXIES)))
                .containsExactly("frontend fe_one 2", "frontend lst 5", "backend be_first 1", "backend be_last 4",
                        "backend lst 5");
    }

    /** HAProxy's CLI proxy takes an id where the first {@code stats socket} is written (observed on 2.6.12). */
    @Test
    void statsSocketTakesAProxyIdAtItsPlaceInTheFile() {
        assertThat(ids(config(SOCKET + ConfigFixtures.MIXED_PROXIES)))
                .containsExactly("frontend fe_one 3", "frontend lst 6", "backend be_first 2", "backend be_last 5",
                        "backend lst 6");
        String middle = ConfigFixtures.MIXED_PROXIES.replace("listen stats\n", SOCKET + "listen stats\n");
        assertThat(ids(config(middle)))
                .containsExactly("frontend fe_one 2", "frontend lst 6", "backend be_first 1", "backend be_last 5",
                        "backend lst 6");
        assertThat(ids(config(ConfigFixtures.MIXED_PROXIES + SOCKET))).isEqualTo(ids(config(ConfigFixtures.MIXED_PROXIES)));
    }

    private static List<String> ids(GatewayConfig c) {
        return Stream.concat(c.frontends().stream().map(f -> "frontend " + f.name() + " " + f.id()),
                c.backends().stream().map(b -> "backend " + b.name() + " " + b.id())).toList();
    }

    @Test
    void listenWithOnlyStatsIsTheStatsPage() {
        GatewayConfig c = config("""
                global
                    stats socket /run/lbgate.sock level admin
                listen stats
                    mode http
                    bind 127.0.0.1:8404
                    stats enable
                    stats auth a:1
                    stats auth b:2
                    stats refresh 10s
                """);
        assertThat(c.frontends()).isEmpty();
        assertThat(c.backends()).isEmpty();
        assertThat(c.stats().uri()).isEqualTo("/haproxy?stats");
        assertThat(c.stats().realm()).isEqualTo("HAProxy Statistics");
        assertThat(c.stats().users()).hasSize(2);
        assertThat(c.stats().refresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.global().runtimeApi().sockets()).containsExactly(
                new StatsSocket("/run/lbgate.sock", null, -1, ApiLevel.ADMIN, null, null, false));
        assertThat(c.stats().admin()).isFalse();
    }

    @Test
    void tcpProxyWarnings() {
        // HAProxy 2.6.12 gives the first warning (observed); it is silent about http-server-close and
        // timeout http-request in TCP mode, where lbgate warns when the proxy wrote them itself.
        LoadedConfig loaded = Configs.load(dir, """
                frontend t
                    bind :80
                    option httplog
                    option http-server-close
                    timeout http-request 5s
                    log 127.0.0.1 local0
                """);
        String file = dir.resolve("haproxy.cfg").toString();
        assertThat(loaded.warnings()).extracting(ConfigProblem::location, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(file + ":3",
                        "'option httplog' not usable with frontend 't' (needs 'mode http'). Falling back to 'option tcplog'."),
                org.assertj.core.groups.Tuple.tuple(file + ":4",
                        "'option http-server-close' ignored for frontend 't' as it requires HTTP mode."),
                org.assertj.core.groups.Tuple.tuple(file + ":5",
                        "'timeout http-request' ignored for frontend 't' as it requires HTTP mode."),
                org.assertj.core.groups.Tuple.tuple(file + ":1", "missing timeouts for frontend 't'."));
        assertThat(loaded.config().frontend("t").orElseThrow().log().format()).isEqualTo(LogSettings.Format.TCPLOG);
    }

    @Test
    void capabilityMismatchIsIgnoredWithHaproxysWarning() {
        // HAProxy 2.6.12: "'balance' ignored because frontend 'f' has no backend capability.", and an
        // option by its bare name.
        LoadedConfig loaded = Configs.load(dir, Configs.TIMEOUTS + """
                frontend f
                    bind :80
                    balance leastconn
                    option redispatch
                """);
        assertThat(loaded.warnings()).extracting(ConfigProblem::message).containsExactly(
                "'balance' ignored because frontend 'f' has no backend capability.",
                "'redispatch' ignored because frontend 'f' has no backend capability.");
    }

    @Test
    void directoryIsReadInLexicalOrder() {
        Path conf = dir.resolve("conf.d");
        conf.toFile().mkdir();
        Configs.write(conf, "20-backend.cfg", "backend b\n    server a 10.0.0.1:80\n");
        Configs.write(conf, "10-defaults.cfg", Configs.TIMEOUTS + "frontend f\n    bind :80\n    default_backend b\n");
        Configs.write(conf, "README", "not read");
        LoadedConfig loaded = HaproxyConfigReader.read(List.of(conf));
        assertThat(loaded.source()).isEqualTo(conf.toString());
        assertThat(loaded.config().frontend("f").orElseThrow().defaultBackend()).isEqualTo("b");
        assertThat(loaded.config().backend("b").orElseThrow().timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void environmentVariablesInDoubleQuotes() {
        Path file = Configs.write(dir, "env.cfg", Configs.TIMEOUTS + "backend b\n    server a \"${ADDR}:${PORT}\"\n");
        LoadedConfig loaded = HaproxyConfigReader.read(List.of(file),
                java.util.Map.of("ADDR", "10.1.2.3", "PORT", "8443")::get);
        assertThat(loaded.config().backend("b").orElseThrow().servers().get(0))
                .isEqualTo(ServerConfig.of("a", "10.1.2.3", 8443));
    }

    @Test
    void everyStatsEnableSectionIsAListenerWithItsOwnSettingsAndId() {
        GatewayConfig c = Configs.load(dir, Configs.TIMEOUTS + """
                backend app
                    server s1 10.0.0.1:80
                listen stats
                    bind 127.0.0.1:8404
                    stats enable
                    stats uri /a
                    stats admin if TRUE
                listen ops
                    bind 127.0.0.1:8405
                    bind 127.0.0.1:8406
                    maxconn 40
                    stats enable
                    stats uri /b
                    stats realm Ops Page
                    stats auth ops:pw
                    stats hide-version
                    stats show-legends
                    stats show-node node-a
                    stats show-desc Second   page
                """).config();
        assertThat(c.statsListeners()).extracting(StatsConfig::name, StatsConfig::id, StatsConfig::uri)
                .containsExactly(tuple("stats", 2, "/a"), tuple("ops", 3, "/b"));
        assertThat(c.stats()).isSameAs(c.statsListeners().get(0));
        StatsConfig ops = c.statsListener("ops").orElseThrow();
        assertThat(ops.binds()).hasSize(2);
        assertThat(ops.realm()).isEqualTo("Ops Page");
        assertThat(ops.admin()).isFalse();
        assertThat(ops.hideVersion()).isTrue();
        assertThat(ops.maxconn()).isEqualTo(40);
        assertThat(ops.showLegends()).isTrue();
        assertThat(ops.showNode()).isEqualTo("node-a");
        assertThat(ops.showDesc()).isEqualTo("Second page");
        StatsConfig stats = c.stats();
        assertThat(stats.admin()).isTrue();
        assertThat(stats.showLegends()).isFalse();
        assertThat(stats.showNode()).isNull();
        assertThat(stats.showDesc()).isNull();
        assertThat(Configs.load(dir, Configs.TIMEOUTS + "listen s\n    bind :1\n    stats enable\n    stats show-node\n")
                .config().stats().showNode()).as("the host name").isEmpty();
    }

    @Test
    void twoProxiesOfOneNameAndABadNodeNameAreRefusedAsHaproxyRefusesThem() {
        var duplicate = Configs.fail(dir, Configs.TIMEOUTS + """
                listen s
                    bind 127.0.0.1:8404
                    stats enable
                listen s
                    bind 127.0.0.1:8405
                    stats enable
                """);
        assertThat(duplicate.problems()).extracting(ConfigProblem::message).isNotEmpty()
                .allMatch(m -> m.startsWith("proxy 's' has the same name as proxy 's' declared at ") && m.endsWith(":5."));
        var node = Configs.fail(dir, Configs.TIMEOUTS + "listen s\n    bind :1\n    stats enable\n    stats show-node a/b\n");
        assertThat(node.problems()).extracting(ConfigProblem::message).containsExactly("'stats show-node' invalid node"
                + " name - should be a stringwith digits(0-9), letters(A-Z, a-z), hyphen(-) or underscode(_).");
    }

    @Test
    void useBackendWithAnAclIsRefused() {
        var e = Configs.fail(dir, Configs.TIMEOUTS + """
                frontend f
                    bind :80
                    use_backend b if { path_beg /api }
                backend b
                """);
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "'use_backend b' : ACL conditions other than 'if TRUE' are not supported by lbgate"
                        + " (got 'if { path_beg /api }').");
    }

    @Test
    void httpReuseSafeIsWhatLbgateDoesTheOtherStrategiesWarnAndABadOneIsRefused() {
        LoadedConfig safe = Configs.load(dir, Configs.TIMEOUTS + "backend b\n    http-reuse safe\n");
        assertThat(safe.warnings()).isEmpty();
        LoadedConfig always = Configs.load(dir, Configs.TIMEOUTS + "backend b\n    http-reuse always\n");
        assertThat(always.warnings()).extracting(ConfigProblem::message).containsExactly(
                "'http-reuse always' is not implemented by lbgate: server connections are reused as with"
                        + " 'http-reuse safe'.");
        // HAProxy 2.6.12's alert, word for word, for an unknown or missing strategy.
        var e = Configs.fail(dir, Configs.TIMEOUTS + "backend b\n    http-reuse sometimes\n");
        assertThat(e.problems()).extracting(ConfigProblem::message)
                .containsExactly("'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.");
    }

    @Test
    void tcpkaInDefaultsReachesBothSidesAndEachSideCanBeSetAlone() {
        GatewayConfig c = Configs.load(dir, Configs.TIMEOUTS.replace("defaults\n", "defaults\n    option tcpka\n") + """
                frontend f
                    bind :80
                    default_backend b
                frontend g
                    bind :81
                    no option tcpka
                    default_backend c
                backend b
                    server a 10.0.0.1:80
                backend c
                    no option tcpka
                    option srvtcpka
                    server a 10.0.0.1:80
                """).config();
        assertThat(c.frontends()).extracting(FrontendConfig::tcpKeepAlive).containsExactly(true, false);
        assertThat(c.backends()).extracting(BackendConfig::tcpKeepAlive).containsExactly(true, true);
        GatewayConfig plain = Configs.load(dir, Configs.TIMEOUTS + """
                frontend f
                    bind :80
                    option clitcpka
                    default_backend b
                backend b
                    server a 10.0.0.1:80
                """).config();
        assertThat(plain.frontend("f").orElseThrow().tcpKeepAlive()).isTrue();
        assertThat(plain.backend("b").orElseThrow().tcpKeepAlive()).isFalse();
    }
}
