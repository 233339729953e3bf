package io.lbgate.balance;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Balancer;
import io.lbgate.registry.Server;

import java.util.List;
import java.util.Objects;

/** The one place that maps {@code balance <algorithm>} to its class; the registry's {@link Balancer.Factory}. */
public final class Balancers {
    private Balancers() {
    }

    /**
     * The balancer for {@code algorithm} over {@code servers} (a backend's, in declaration order).
     *
     * @param allBackups {@code option allbackups}: balance over every usable backup, not only the first
     */
    public static Balancer create(Algorithm algorithm, List<Server> servers, boolean allBackups) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(servers, "servers");
        return switch (algorithm) {
            case ROUNDROBIN -> new RoundRobin(servers, allBackups);
            case STATIC_RR -> new StaticRoundRobin(servers, allBackups);
            case LEASTCONN -> new LeastConn(servers, allBackups);
            case FIRST -> new First(servers, allBackups);
            case SOURCE -> new Source(servers, allBackups);
            case RANDOM -> new Random(servers, allBackups);
        };
    }
}
