package io.lbgate.balance;

import io.lbgate.registry.Balancer;
import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Server;
import java.util.List;

/**
 * {@code balance static-rr}: walks HAProxy's static weight map in order, so the sequence differs
 * from {@code roundrobin}:
 * <ul>
 *   <li>weights 1,2,3 → 1 3 2 3 2 3</li>
 *   <li>weights 1,1,1 → 1 2 3</li>
 *   <li>weights 3,1 → 1 1 1 2</li>
 * </ul>
 * Weights are static: at run time only 0 and the configured weight are accepted. A server going up
 * or down rebuilds the table; the position in it is kept.
 */
final class StaticRoundRobin implements Balancer {
    private final WeightMap map;

    StaticRoundRobin(List<Server> servers, boolean allBackups) {
        this.map = new WeightMap(servers, allBackups);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.STATIC_RR;
    }

    @Override
    public boolean dynamicWeights() {
        return false;
    }

    @Override
    public Server pick(PickContext context) {
        return map.next(context.avoid());
    }

    @Override
    public void serverChanged(Server server) {
        map.rebuild();
    }
}
