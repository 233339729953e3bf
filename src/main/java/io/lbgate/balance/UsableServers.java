package io.lbgate.balance;

import io.lbgate.registry.Server;
import java.util.ArrayList;
import java.util.List;

/** The servers a balancer may choose from right now, by the backup rules of docs/haproxy-behaviour.md, "Load balancing". */
final class UsableServers {
    private UsableServers() {
    }

    /**
     * The usable active servers; if there are none, the usable backups ({@code allBackups}) or only
     * the first of them. Declaration order is kept.
     */
    static List<Server> of(List<Server> servers, boolean allBackups) {
        List<Server> active = new ArrayList<>();
        List<Server> backups = new ArrayList<>();
        for (Server s : servers) {
            if (s.usable()) {
                (s.isBackup() ? backups : active).add(s);
            }
        }
        if (!active.isEmpty()) {
            return List.copyOf(active);
        }
        if (allBackups || backups.isEmpty()) {
            return List.copyOf(backups);
        }
        return List.of(backups.get(0));
    }

    /** Sessions in progress plus sessions waiting for this server: what "least loaded" compares. */
    static long load(Server s) {
        return s.counters().currentSessions() + s.counters().currentQueue();
    }
}
