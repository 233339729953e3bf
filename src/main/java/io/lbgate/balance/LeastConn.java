package io.lbgate.balance;

import io.lbgate.registry.Balancer;
import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Server;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code balance leastconn}: the usable server with the fewest sessions (current plus queued) per
 * unit of weight; among equals, the one that was least recently picked or released, so equal servers
 * rotate like round robin (HAProxy requeues a server behind its equals on every take and drop).
 *
 * <p>Weights 1,1,1, each session ending before the next pick → 1 2 3 1 2 3. Weights 1,1,1, sessions
 * held → 1 2 3 1 2 3 as well (each pick raises the load of the one chosen). Weights 2,1, sessions
 * held → 1 2 1 2 1 1 (1 carries twice the load of 2).
 *
 * <p>A pick scans the usable servers under this object's monitor (O(servers), a few dozen at most):
 * the monitor makes "compare loads, stamp the winner" atomic so two event loops do not both see the
 * same least-loaded server as the last in line.
 */
final class LeastConn implements Balancer {
    private final List<Server> servers;
    private final boolean allBackups;
    private final Map<Server, long[]> stamps = new IdentityHashMap<>();
    private volatile List<Server> candidates;
    private long clock;

    LeastConn(List<Server> servers, boolean allBackups) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        for (Server s : servers) {
            stamps.put(s, new long[] {clock++}); // declaration order breaks the first ties
        }
        this.candidates = UsableServers.of(this.servers, allBackups);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.LEASTCONN;
    }

    @Override
    public boolean dynamicWeights() {
        return true;
    }

    @Override
    public synchronized Server pick(PickContext context) {
        Server best = null;
        Server avoided = null;
        for (Server s : candidates) {
            if (!s.hasFreeSlot()) {
                continue;
            }
            if (s == context.avoid()) {
                avoided = s;
                continue;
            }
            if (best == null || lessLoaded(s, best)) {
                best = s;
            }
        }
        Server chosen = best != null ? best : avoided;
        if (chosen != null) {
            stamps.get(chosen)[0] = clock++;
        }
        return chosen;
    }

    /** {@code a} has fewer sessions per weight than {@code b}, or as few and waited longer. */
    private boolean lessLoaded(Server a, Server b) {
        long left = UsableServers.load(a) * b.weight();
        long right = UsableServers.load(b) * a.weight();
        if (left != right) {
            return left < right;
        }
        return stamps.get(a)[0] < stamps.get(b)[0];
    }

    @Override
    public synchronized void connectionDropped(Server server) {
        long[] stamp = stamps.get(server);
        if (stamp != null) {
            stamp[0] = clock++;
        }
    }

    /*
     * Synchronized (on the monitor picks take too): two servers of this backend may change at the same moment on two threads (a
     * health check and an admin action). Each thread's rebuild reads the states after its own
     * change; serialized, the last one published has read both, so a stale list can never be
     * published after a fresh one (which could leave a MAINT server in rotation).
     */
    @Override
    public synchronized void serverChanged(Server server) {
        candidates = UsableServers.of(servers, allBackups);
    }
}
