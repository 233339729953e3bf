package io.lbgate.registry;

import io.lbgate.balance.Balancers;
import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.Timeouts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small configurations for registry and balancer tests. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** A server line with HAProxy's defaults, tweaked with the builder methods. */
    public static ServerSpec server(String name) {
        return new ServerSpec(name);
    }

    /** A backend {@code be} with servers s1..sn of the given weights. */
    public static Backend backend(Algorithm algorithm, int... weights) {
        List<ServerSpec> servers = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            servers.add(server("s" + (i + 1)).weight(weights[i]));
        }
        return backend(algorithm, false, servers.toArray(ServerSpec[]::new));
    }

    public static Backend backend(Algorithm algorithm, boolean allBackups, ServerSpec... servers) {
        return registry(Clock.systemUTC(), backendConfig("be", algorithm, allBackups, servers))
                .backend("be").orElseThrow();
    }

    /** A registry holding one backend named {@code be}. */
    public static Registry registry(Algorithm algorithm, boolean allBackups, ServerSpec... servers) {
        return registry(Clock.systemUTC(), backendConfig("be", algorithm, allBackups, servers));
    }

    /** A backend with proxy id 1: alone in its configuration. */
    public static BackendConfig backendConfig(String name, Algorithm algorithm, boolean allBackups,
                                              ServerSpec... servers) {
        return backendConfig(name, 1, algorithm, allBackups, servers);
    }

    public static BackendConfig backendConfig(String name, int id, Algorithm algorithm, boolean allBackups,
                                              ServerSpec... servers) {
        List<ServerConfig> list = Arrays.stream(servers).map(ServerSpec::build).toList();
        return new BackendConfig(name, id, ProxyMode.HTTP, algorithm, list, 3, 0, allBackups, null,
                Timeouts.NONE, HttpConnectionMode.KEEP_ALIVE, null, LogSettings.NONE, false);
    }

    public static Registry registry(Clock clock, BackendConfig... backends) {
        return Registry.from(new GatewayConfig(GlobalSettings.DEFAULT, List.of(), List.of(backends), List.<io.lbgate.config.StatsConfig>of()), clock, Balancers::create);
    }

    public static final class ServerSpec {
        private final String name;
        private int weight = ServerConfig.DEFAULT_WEIGHT;
        private boolean check;
        private int rise = ServerConfig.DEFAULT_RISE;
        private int fall = ServerConfig.DEFAULT_FALL;
        private int maxconn;
        private boolean backup;
        private boolean disabled;

        ServerSpec(String name) {
            this.name = name;
        }

        public ServerSpec weight(int weight) {
            this.weight = weight;
            return this;
        }

        public ServerSpec check(int rise, int fall) {
            this.check = true;
            this.rise = rise;
            this.fall = fall;
            return this;
        }

        public ServerSpec maxconn(int maxconn) {
            this.maxconn = maxconn;
            return this;
        }

        public ServerSpec backup() {
            this.backup = true;
            return this;
        }

        public ServerSpec disabled() {
            this.disabled = true;
            return this;
        }

        ServerConfig build() {
            return new ServerConfig(name, "127.0.0.1", 8080, check, ServerConfig.DEFAULT_INTER, null, null,
                    rise, fall, weight, maxconn, 0, backup, disabled, ProxyProtocol.NONE, false, null, false,
                    0, null);
        }
    }
}
