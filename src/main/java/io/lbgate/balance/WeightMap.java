package io.lbgate.balance;

import io.lbgate.registry.Server;
import java.util.List;

/**
 * HAProxy's static weight map ({@code lb_map}): a table with one slot per unit of weight, filled so
 * that each server's slots are spread out and, on equal weights, the first declared comes first.
 * Weights are divided by their greatest common divisor first (10,20,30 makes the same 6-slot table
 * as 1,2,3). Shared by {@link StaticRoundRobin}, which walks it, and {@link Source}, which indexes it
 * by a hash.
 *
 * <p>weights 1,2,3 → table 1 3 2 3 2 3.
 *
 * <p>Guarded by this object's monitor: a rebuild replaces the table and a walk moves a shared index.
 */
final class WeightMap {
    private final List<Server> servers;
    private final boolean allBackups;
    private final int divisor;
    private Server[] table = new Server[0];
    private int used;
    private int rrIndex;

    WeightMap(List<Server> servers, boolean allBackups) {
        this.servers = List.copyOf(servers);
        this.allBackups = allBackups;
        this.divisor = gcdOfConfiguredWeights(servers);
        rebuild();
    }

    /** Recomputes the table from the servers' current state; the walking index is kept. */
    synchronized void rebuild() {
        List<Server> candidates = UsableServers.of(servers, allBackups);
        int n = candidates.size();
        int[] weights = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = (candidates.get(i).weight() + divisor - 1) / divisor;
            total += weights[i];
        }
        Server[] next = new Server[total];
        int[] score = new int[n];
        for (int slot = 0; slot < total; slot++) {
            int best = -1;
            int max = 0;
            for (int i = 0; i < n; i++) {
                if (total == 1) {
                    best = i; // a single slot: the first server, without dividing by one
                    break;
                }
                score[i] += weights[i];
                // Which multiple of the total the score passed: 0..2. The first server wins ties.
                int v = (score[i] + total) / total;
                if (best < 0 || v > max) {
                    max = v;
                    best = i;
                }
            }
            next[slot] = candidates.get(best);
            score[best] -= total;
        }
        table = next;
        used = n;
    }

    /**
     * The next server in table order that is not full, skipping {@code avoid} unless it is the only
     * one; {@code null} when the table is empty or every server is full.
     */
    synchronized Server next(Server avoid) {
        int total = table.length;
        if (total == 0) {
            return null;
        }
        if (rrIndex < 0 || rrIndex >= total) {
            rrIndex = 0;
        }
        int index = rrIndex;
        Server fallback = null;
        int fallbackIndex = 0;
        do {
            Server s = table[index++];
            if (s.hasFreeSlot()) {
                fallback = s;
                fallbackIndex = index;
                if (s != avoid) {
                    rrIndex = index;
                    return s;
                }
            }
            if (index == total) {
                index = 0;
            }
        } while (index != rrIndex);
        if (fallback != null) {
            rrIndex = fallbackIndex;
        }
        return fallback;
    }

    /** The server at {@code hash} modulo the table size; {@code null} when the table is empty. */
    synchronized Server byHash(int hash) {
        int total = table.length;
        return total == 0 ? null : table[(int) (Integer.toUnsignedLong(hash) % total)];
    }

    /** How many servers the table holds (HAProxy's {@code tot_used}). */
    synchronized int used() {
        return used;
    }

    private static int gcdOfConfiguredWeights(List<Server> servers) {
        int gcd = 0;
        for (Server s : servers) {
            int w = s.configuredWeight();
            while (w != 0) {
                int t = gcd % w;
                gcd = w;
                w = t;
            }
        }
        return gcd == 0 ? 1 : gcd;
    }
}
