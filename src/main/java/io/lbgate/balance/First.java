package io.lbgate.balance;

import io.lbgate.registry.Balancer;
import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Server;
import java.util.List;

/**
 * {@code balance first}: the first usable server, by id, that still has a free slot under its
 * {@code maxconn}; the next one only gets sessions once it is full. Servers without maxconn are never
 * full, so the first one takes everything. Weights do not matter beyond 0 meaning "not usable".
 *
 * <p>maxconn 2,2,2 and sessions held → 1 1 2 2 3 3, then nothing (queue).
 *
 * <p>Lock-free: the candidate list is an immutable snapshot replaced on every state change, and the
 * slot test reads atomic counters.
 */
final class First implements Balancer {
    private final List<Server> servers;
    private final boolean allBackups;
    private volatile List<Server> candidates;

    First(List<Server> servers, boolean allBackups) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.candidates = UsableServers.of(this.servers, allBackups);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.FIRST;
    }

    @Override
    public boolean dynamicWeights() {
        return true;
    }

    @Override
    public Server pick(PickContext context) {
        Server avoided = null;
        for (Server s : candidates) {
            if (!s.hasFreeSlot()) {
                continue;
            }
            if (s != context.avoid()) {
                return s;
            }
            avoided = s;
        }
        return avoided;
    }

    /*
     * Synchronized: two servers of this backend may change at the same moment on two threads (a
     * health check and an admin action). Each thread's rebuild reads the states after its own
     * change; serialized, the last one published has read both, so a stale list can never be
     * published after a fresh one (which could leave a MAINT server in rotation).
     */
    @Override
    public synchronized void serverChanged(Server server) {
        candidates = UsableServers.of(servers, allBackups);
    }
}
