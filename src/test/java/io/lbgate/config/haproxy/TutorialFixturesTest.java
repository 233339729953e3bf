package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.StatsUser;
import io.lbgate.config.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both tutorial configurations load with warnings only. `haproxy -c` (2.6.12) on them prints only
 * "'option forwardfor' ignored for frontend/backend ... as it requires HTTP mode." for the TCP
 * proxies; lbgate adds its one warning about user/group.
 */
class TutorialFixturesTest {
    private static final String TCP = "src/test/resources/haproxy/tutorial-tcp.cfg";
    private static final String HTTP = "src/test/resources/haproxy/tutorial-http.cfg";
    private static final LogTarget LOCAL2 = new LogTarget("127.0.0.1", 514, "local2", null);
    private static final Timeouts TUTORIAL_TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(10),
            Duration.ofSeconds(10), null, null, null);

    @Test
    void tcpTutorialLoadsWithItsModel() {
        LoadedConfig loaded = HaproxyConfigReader.read(List.of(Path.of(TCP)));
        GatewayConfig config = loaded.config();

        assertThat(loaded.source()).isEqualTo(TCP);
        assertThat(config.global().maxconn()).isEqualTo(4000);
        assertThat(config.global().logs()).containsExactly(LOCAL2);

        FrontendConfig fe = config.frontend("ddb_fronted").orElseThrow();
        assertThat(fe.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(fe.binds()).containsExactly(new BindAddress("0.0.0.0", 18080, false));
        assertThat(fe.maxconn()).isEqualTo(3000);
        assertThat(fe.defaultBackend()).isEqualTo("ddb_backend");
        assertThat(fe.timeouts()).isEqualTo(TUTORIAL_TIMEOUTS);
        assertThat(fe.forwardFor()).isNull();
        assertThat(fe.connectionMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        assertThat(fe.log()).isEqualTo(new LogSettings(LogSettings.Format.TCPLOG, true, List.of(LOCAL2)));

        BackendConfig be = config.backend("ddb_backend").orElseThrow();
        assertThat(be.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(be.balance()).isEqualTo(Algorithm.ROUNDROBIN);
        assertThat(be.retries()).isEqualTo(3);
        assertThat(be.redispatch()).isTrue();
        assertThat(be.httpCheck()).isNull();
        assertThat(be.servers()).hasSize(4);
        assertThat(be.servers()).extracting(ServerConfig::name).containsExactly("node1", "node2", "node3", "node4");
        assertThat(be.servers()).extracting(ServerConfig::host)
                .containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(be.servers().get(0)).isEqualTo(new ServerConfig("node1", "127.0.0.1", 19302, true,
                Duration.ofSeconds(5), null, null, 2, 3, 1, 0, 0, false, false, ProxyProtocol.NONE, false, null,
                false, 0, null));

        assertThat(config.frontends()).hasSize(1);
        assertThat(config.backends()).hasSize(1);
        assertStatsPage(config.stats());
        assertThat(config.global().runtimeApi().sockets()).isEmpty();
        assertThat(loaded.warnings()).extracting(ConfigProblem::location, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TCP + ":4", "global keywords 'user' (" + TCP + ":4), 'group' ("
                        + TCP + ":5) are ignored: lbgate runs in a JVM, which does not switch user or group, chroot,"
                        + " daemonize or take its thread count from haproxy.cfg."),
                org.assertj.core.groups.Tuple.tuple(TCP + ":25",
                        "'option forwardfor' ignored for frontend 'ddb_fronted' as it requires HTTP mode."),
                org.assertj.core.groups.Tuple.tuple(TCP + ":31",
                        "'option forwardfor' ignored for backend 'ddb_backend' as it requires HTTP mode."));
    }

    @Test
    void httpTutorialLoadsWithItsModel() {
        LoadedConfig loaded = HaproxyConfigReader.read(List.of(Path.of(HTTP)));
        GatewayConfig config = loaded.config();

        FrontendConfig web = config.frontend("ddb_fronted").orElseThrow();
        assertThat(web.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(web.binds()).containsExactly(new BindAddress("0.0.0.0", 18080, false));
        assertThat(web.forwardFor()).isEqualTo(new ForwardFor("127.0.0.0/8", "X-Forwarded-For", false));
        assertThat(web.connectionMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        // "log global" in defaults and again in the frontend: one target, not two.
        assertThat(web.log()).isEqualTo(new LogSettings(LogSettings.Format.HTTPLOG, true, List.of(LOCAL2)));
        assertThat(web.timeouts()).isEqualTo(TUTORIAL_TIMEOUTS);

        BackendConfig webBackend = config.backend("ddb_backend").orElseThrow();
        assertThat(webBackend.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(webBackend.servers()).hasSize(4)
                .allSatisfy(s -> {
                    assertThat(s.check()).isTrue();
                    assertThat(s.inter()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(s.rise()).isEqualTo(2);
                    assertThat(s.fall()).isEqualTo(3);
                    assertThat(s.sendProxy()).isEqualTo(ProxyProtocol.NONE);
                });

        FrontendConfig api = config.frontend("ddb_api").orElseThrow();
        assertThat(api.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(api.binds()).containsExactly(new BindAddress("0.0.0.0", 18090, false));
        assertThat(api.defaultBackend()).isEqualTo("ddb_api_backend");
        assertThat(api.forwardFor()).isNull();
        assertThat(api.log().format()).isEqualTo(LogSettings.Format.TCPLOG);

        BackendConfig apiBackend = config.backend("ddb_api_backend").orElseThrow();
        assertThat(apiBackend.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(apiBackend.servers()).hasSize(4)
                .allSatisfy(s -> assertThat(s.sendProxy()).isEqualTo(ProxyProtocol.V1))
                .extracting(ServerConfig::port).containsOnly(19302);

        assertStatsPage(config.stats());
        assertThat(config.global().runtimeApi().sockets()).isEmpty();
        assertThat(config.frontends()).extracting(FrontendConfig::name).containsExactly("ddb_fronted", "ddb_api");
        assertThat(loaded.warnings()).extracting(ConfigProblem::message).containsExactly(
                "global keywords 'user' (" + HTTP + ":6), 'group' (" + HTTP + ":7) are ignored: lbgate runs in a JVM,"
                        + " which does not switch user or group, chroot, daemonize or take its thread count from"
                        + " haproxy.cfg.",
                "'option forwardfor' ignored for frontend 'ddb_api' as it requires HTTP mode.",
                "'option forwardfor' ignored for backend 'ddb_api_backend' as it requires HTTP mode.");
    }

    @Test
    void bothFilesTogetherReportDuplicateNames() {
        // haproxy -c -f tutorial-tcp.cfg -f tutorial-http.cfg refuses it the same way.
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> HaproxyConfigReader.read(List.of(Path.of(TCP), Path.of(HTTP))),
                io.lbgate.config.InvalidConfigException.class);
        assertThat(e.problems()).filteredOn(ConfigProblem::isAlert).extracting(ConfigProblem::message).contains(
                "frontend 'ddb_fronted' has the same name as frontend 'ddb_fronted' declared at " + TCP + ":25.");
    }

    private static void assertStatsPage(StatsConfig stats) {
        assertThat(stats.name()).isEqualTo("stats");
        assertThat(stats.binds()).containsExactly(new BindAddress("0.0.0.0", 11080, false));
        assertThat(stats.uri()).isEqualTo("/haproxyamdin");
        assertThat(stats.realm()).isEqualTo("Haproxy");
        assertThat(stats.users()).containsExactly(new StatsUser("admin", "admin"));
        assertThat(stats.admin()).isTrue();
        assertThat(stats.hideVersion()).isTrue();
        assertThat(stats.refresh()).isNull();
    }
}
