package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * docs/application-example.yml against the model tutorial-http.cfg describes, written out by hand
 * (TutorialEquivalenceTest compares it with what the haproxy.cfg reader makes).
 */
class TutorialExampleTest {

    static final Path EXAMPLE = Path.of("docs/application-example.yml");

    private static final List<LogTarget> GLOBAL_LOGS = List.of(new LogTarget("127.0.0.1", 514, "local2", null));
    private static final ForwardFor FORWARD_FOR = new ForwardFor("127.0.0.0/8", "X-Forwarded-For", false);
    /** Every proxy carries every timeout of the defaults section, as haproxy.cfg copies them. */
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(10),
            Duration.ofSeconds(10), null, null, null);

    @Test
    void exampleDescribesTheTutorialDeployment() {
        LoadedConfig loaded = PropertiesConfigConverter.toLoadedConfig(YamlBinding.bind(EXAMPLE));

        assertThat(loaded.config()).isEqualTo(expected());
    }

    @Test
    void exampleWarnsWhereHaproxyWouldAboutTcpProxies() {
        LoadedConfig loaded = PropertiesConfigConverter.toLoadedConfig(YamlBinding.bind(EXAMPLE));

        assertThat(loaded.warnings()).extracting(ConfigProblem::location).containsExactly(
                "lbgate.frontends[1]", "lbgate.backends[1]");
    }

    /** Proxy ids: frontends first, then backends (the YAML has no order across the two lists). */
    static GatewayConfig expected() {
        LogSettings httpLog = new LogSettings(LogSettings.Format.HTTPLOG, true, GLOBAL_LOGS);
        LogSettings tcpLog = new LogSettings(LogSettings.Format.TCPLOG, true, GLOBAL_LOGS);
        FrontendConfig web = new FrontendConfig("ddb_fronted", 1, ProxyMode.HTTP,
                List.of(new BindAddress("0.0.0.0", 18080, false)), 3000, "ddb_backend", TIMEOUTS,
                HttpConnectionMode.SERVER_CLOSE, FORWARD_FOR, httpLog, false);
        // TCP mode: 'option forwardfor' is dropped and 'option httplog' falls back to tcplog, as HAProxy does.
        FrontendConfig api = new FrontendConfig("ddb_api", 2, ProxyMode.TCP,
                List.of(new BindAddress("0.0.0.0", 18090, false)), 3000, "ddb_api_backend", TIMEOUTS,
                HttpConnectionMode.SERVER_CLOSE, null, tcpLog, false);
        BackendConfig webBackend = new BackendConfig("ddb_backend", 3, ProxyMode.HTTP, Algorithm.ROUNDROBIN,
                nodes(ProxyProtocol.NONE), 3, BackendConfig.REDISPATCH_ON_LAST_RETRY, false, null, TIMEOUTS, HttpConnectionMode.SERVER_CLOSE,
                FORWARD_FOR, httpLog, false);
        BackendConfig apiBackend = new BackendConfig("ddb_api_backend", 4, ProxyMode.TCP, Algorithm.ROUNDROBIN,
                nodes(ProxyProtocol.V1), 3, BackendConfig.REDISPATCH_ON_LAST_RETRY, false, null, TIMEOUTS, HttpConnectionMode.SERVER_CLOSE,
                null, tcpLog, false);
        StatsConfig stats = new StatsConfig("stats", 5, List.of(new BindAddress("0.0.0.0", 11080, false)),
                "/haproxyamdin", "Haproxy", List.of(new StatsUser("admin", "admin")), true, true, null, 3000, false, null,
                null);
        return new GatewayConfig(new GlobalSettings(4000, GLOBAL_LOGS), List.of(web, api),
                List.of(webBackend, apiBackend), stats);
    }

    /** {@code server nodeN 127.0.0.N:19302 [send-proxy] check inter 5s rise 2 fall 3}. */
    private static List<ServerConfig> nodes(ProxyProtocol sendProxy) {
        return IntStream.rangeClosed(1, 4)
                .mapToObj(n -> new ServerConfig("node" + n, "127.0.0." + n, 19302, true, Duration.ofSeconds(5),
                        null, null, 2, 3, 1, 0, 0, false, false, sendProxy, false, null, false, 0, null))
                .toList();
    }
}
