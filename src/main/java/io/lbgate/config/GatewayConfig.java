package io.lbgate.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, as read from haproxy.cfg or application.yml. Both sources produce this
 * same value; nothing downstream knows which one was used.
 *
 * @param global    process-wide settings
 * @param frontends data-plane frontends, in declaration order
 * @param backends  backends, in declaration order
 * @param stats     the stats listener, or {@code null} when there is none
 */
public record GatewayConfig(
        GlobalSettings global,
        List<FrontendConfig> frontends,
        List<BackendConfig> backends,
        StatsConfig stats) {

    public GatewayConfig {
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
    }

    public Optional<BackendConfig> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Optional<FrontendConfig> frontend(String name) {
        return frontends.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<StatsConfig> statsListener() {
        return Optional.ofNullable(stats);
    }
}
