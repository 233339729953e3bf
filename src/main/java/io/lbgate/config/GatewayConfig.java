package io.lbgate.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, as read from haproxy.cfg or application.yml. Both sources produce this
 * same value; nothing downstream knows which one was used.
 *
 * @param global    process-wide settings
 * @param frontends data-plane frontends, in declaration order
 * @param backends  backends, in declaration order; a frontend and a backend with the same
 *                  {@link FrontendConfig#id() id} are the two halves of one {@code listen} section
 * @param statsListeners every {@code stats enable} section, in declaration order; each is a proxy
 *                  of its own, with an id unique among proxies
 * @param peers     the {@code peers} sections and {@code localpeer}; {@link PeersConfig#NONE} without any
 */
public record GatewayConfig(
        GlobalSettings global,
        List<FrontendConfig> frontends,
        List<BackendConfig> backends,
        List<StatsConfig> statsListeners,
        PeersConfig peers) {

    public GatewayConfig {
        peers = java.util.Objects.requireNonNullElse(peers, PeersConfig.NONE);
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
        statsListeners = List.copyOf(statsListeners);
        checkIds(frontends, backends);
        checkStatsIds(frontends, backends, statsListeners);
    }

    /** Without {@code peers} sections. */
    public GatewayConfig(GlobalSettings global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                         List<StatsConfig> statsListeners) {
        this(global, frontends, backends, statsListeners, PeersConfig.NONE);
    }

    /** With at most one stats listener ({@code null} for none). */
    public GatewayConfig(GlobalSettings global, List<FrontendConfig> frontends, List<BackendConfig> backends,
                         StatsConfig stats) {
        this(global, frontends, backends, stats == null ? List.<StatsConfig>of() : List.of(stats));
    }

    /** A stats listener's id is its own: no frontend, backend or other listener has it. */
    private static void checkStatsIds(List<FrontendConfig> frontends, List<BackendConfig> backends,
                                      List<StatsConfig> listeners) {
        Map<Integer, String> taken = new HashMap<>();
        frontends.forEach(f -> taken.put(f.id(), "frontend '" + f.name() + "'"));
        backends.forEach(b -> taken.putIfAbsent(b.id(), "backend '" + b.name() + "'"));
        for (StatsConfig s : listeners) {
            String other = taken.putIfAbsent(s.id(), "stats listener '" + s.name() + "'");
            if (other != null) {
                throw new IllegalArgumentException("id: " + s.id() + " (expected: unique, but stats listener '"
                        + s.name() + "' and " + other + " have it)");
            }
        }
    }

    /** One id per proxy: only a frontend and a backend of the same name (a listen) may share one. */
    private static void checkIds(List<FrontendConfig> frontends, List<BackendConfig> backends) {
        Map<Integer, String> frontendIds = new HashMap<>();
        for (FrontendConfig f : frontends) {
            String other = frontendIds.putIfAbsent(f.id(), f.name());
            if (other != null) {
                throw new IllegalArgumentException("id: " + f.id() + " (expected: unique, but frontends '" + other
                        + "' and '" + f.name() + "' have it)");
            }
        }
        Map<Integer, String> backendIds = new HashMap<>();
        for (BackendConfig b : backends) {
            String other = backendIds.putIfAbsent(b.id(), b.name());
            String frontend = frontendIds.get(b.id());
            if (other != null || frontend != null && !frontend.equals(b.name())) {
                throw new IllegalArgumentException("id: " + b.id() + " (expected: unique, but backend '" + b.name()
                        + "' and " + (other != null ? "backend '" + other : "frontend '" + frontend) + "' have it)");
            }
        }
    }

    public Optional<BackendConfig> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Optional<FrontendConfig> frontend(String name) {
        return frontends.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The first stats listener, or {@code null} when there is none (most configurations have one). */
    public StatsConfig stats() {
        return statsListeners.isEmpty() ? null : statsListeners.get(0);
    }

    /** The first stats listener, if any. */
    public Optional<StatsConfig> statsListener() {
        return Optional.ofNullable(stats());
    }

    public Optional<StatsConfig> statsListener(String name) {
        return statsListeners.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
