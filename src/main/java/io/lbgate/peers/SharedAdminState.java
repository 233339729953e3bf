package io.lbgate.peers;

import io.lbgate.admin.AdminService;
import io.lbgate.registry.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest stamped operator change per server and shared attribute, local or from a peer: what
 * a node sends a peer when their link comes up, and the rule (last writer wins, by {@link Stamp})
 * deciding whether a peer's entry is applied. Servers nobody changed have no entry, so a node that
 * starts takes every change its peer knows of and keeps its configuration for the rest.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} entries (three per server of a large configuration);
 * a peer's entry beyond that is refused.
 */
final class SharedAdminState {
    static final int MAX_ENTRIES = 100_000;

    private final String node;
    private final HybridClock clock;
    private final Map<AdminEntry.Key, AdminEntry> entries = new HashMap<>();

    SharedAdminState(String node, HybridClock clock) {
        this.node = node;
        this.clock = clock;
    }

    String node() {
        return node;
    }

    /** Stamps an operator change made here, with the server's value now. */
    synchronized AdminEntry local(Server server, AdminService.Shared what) {
        AdminEntry entry = new AdminEntry(server.backend().name(), server.name(), what, valueOf(server, what),
                new Stamp(clock.next(), node));
        entries.put(entry.key(), entry);
        return entry;
    }

    /** Whether a peer's entry is newer than what this node knows; if so, it is kept. */
    synchronized boolean merge(AdminEntry remote) {
        clock.observe(remote.stamp().time());
        AdminEntry known = entries.get(remote.key());
        if (known != null && !remote.stamp().after(known.stamp())) {
            return false;
        }
        if (known == null && entries.size() >= MAX_ENTRIES) {
            return false;
        }
        entries.put(remote.key(), remote);
        return true;
    }

    synchronized List<AdminEntry> snapshot() {
        return new ArrayList<>(entries.values());
    }

    static int valueOf(Server server, AdminService.Shared what) {
        return switch (what) {
            case ADMIN_STATE -> server.adminState().ordinal();
            case WEIGHT -> server.userWeight();
            case CHECKS -> server.checksEnabled() ? 1 : 0;
        };
    }
}
