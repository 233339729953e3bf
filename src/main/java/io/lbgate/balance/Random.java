package io.lbgate.balance;

import io.lbgate.registry.Balancer;
import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Server;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * {@code balance random}: HAProxy's default {@code random(2)}, "power of two choices": two servers
 * are drawn at random in proportion to their weights and the less loaded one (sessions per weight)
 * wins; on equal load the second draw. This keeps the spread of pure random while steering away
 * from a server that is slow to release its sessions.
 *
 * <p>Weights 1,2,3 (slots s1 | s2 s2 | s3 s3 s3), idle servers, draws 0,5 → 3; draws 1,0 → 1 (the
 * second); s3 busy with one session, draws 5,0 → 1.
 *
 * <p>Lock-free: picks read an immutable snapshot of the candidates and cumulative weights, replaced
 * on every state change.
 */
final class Random implements Balancer {
    private static final int DRAWS = 2;

    private final List<Server> servers;
    private final boolean allBackups;
    private final IntUnaryOperator random;
    private volatile Snapshot snapshot;

    Random(List<Server> servers, boolean allBackups) {
        this(servers, allBackups, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** @param random returns a value in {@code [0, bound)} for its argument {@code bound} */
    Random(List<Server> servers, boolean allBackups, IntUnaryOperator random) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.random = random;
        this.snapshot = Snapshot.of(UsableServers.of(this.servers, allBackups));
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.RANDOM;
    }

    @Override
    public boolean dynamicWeights() {
        return true;
    }

    @Override
    public Server pick(PickContext context) {
        Snapshot s = snapshot;
        if (s.total == 0) {
            return null;
        }
        Server best = null;
        for (int i = 0; i < DRAWS; i++) {
            Server drawn = s.draw(random.applyAsInt(s.total), context.avoid());
            if (drawn == null) {
                return null; // every candidate is full
            }
            if (best == null || best == drawn || !lessLoaded(best, drawn)) {
                best = drawn;
            }
        }
        return best;
    }

    private static boolean lessLoaded(Server a, Server b) {
        return UsableServers.load(a) * b.weight() < UsableServers.load(b) * a.weight();
    }

    /*
     * Synchronized: two servers of this backend may change at the same moment on two threads (a
     * health check and an admin action). Each thread's rebuild reads the states after its own
     * change; serialized, the last one published has read both, so a stale list can never be
     * published after a fresh one (which could leave a MAINT server in rotation).
     */
    @Override
    public synchronized void serverChanged(Server server) {
        snapshot = Snapshot.of(UsableServers.of(servers, allBackups));
    }

    /** Candidates with the cumulative weight ending each one's slots. */
    private record Snapshot(List<Server> servers, int[] ends, int total) {
        static Snapshot of(List<Server> servers) {
            int[] ends = new int[servers.size()];
            int total = 0;
            for (int i = 0; i < ends.length; i++) {
                total += servers.get(i).weight();
                ends[i] = total;
            }
            return new Snapshot(servers, ends, total);
        }

        /**
         * The server owning slot {@code value}; if it is full or to be avoided, the next one that is
         * not (like the next point on HAProxy's hash ring), the avoided one as a last resort.
         */
        Server draw(int value, Server avoid) {
            int start = 0;
            while (ends[start] <= value) {
                start++;
            }
            Server avoided = null;
            for (int k = 0; k < servers.size(); k++) {
                Server s = servers.get((start + k) % servers.size());
                if (!s.hasFreeSlot()) {
                    continue;
                }
                if (s != avoid) {
                    return s;
                }
                avoided = s;
            }
            return avoided;
        }
    }
}
