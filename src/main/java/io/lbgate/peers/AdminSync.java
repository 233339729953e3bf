package io.lbgate.peers;

import io.lbgate.admin.AdminOutcome;
import io.lbgate.admin.AdminService;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the admin service and the peer links: a local operator change is stamped and sent to the
 * peers; a peer's newer entry is applied through {@link AdminService#applyFromPeer} (audited as the
 * peer's, not sent back: no echo). Servers are found by backend and server name, so entries survive
 * reloads; an entry for a server this node does not have (yet) is kept and applied when a reload
 * adds it.
 */
final class AdminSync {
    private static final Logger log = LoggerFactory.getLogger(AdminSync.class);

    private final Registry registry;
    private final AdminService admin;
    private final SharedAdminState state;
    private volatile PeerLinks links;

    AdminSync(Registry registry, AdminService admin, SharedAdminState state) {
        this.registry = registry;
        this.admin = admin;
        this.state = state;
    }

    /** Starts sending local changes over {@code links}. */
    void attach(PeerLinks links) {
        this.links = links;
        admin.onSharedChange(this::localChange);
    }

    private void localChange(Server server, AdminService.Shared what) {
        AdminEntry entry = state.local(server, what);
        PeerLinks l = links;
        if (l != null) {
            l.broadcast(entry);
        }
    }

    /** A peer's entry that is newer than what this node knew. */
    void apply(PeerConnection from, AdminEntry entry) {
        Optional<Server> server = registry.server(entry.backend(), entry.server());
        if (server.isEmpty()) {
            log.debug("Peer {}: no server {}/{} here; its {} is kept for a reload that adds it", from.peer(),
                    entry.backend(), entry.server(), entry.what());
            return;
        }
        apply(server.get(), entry, from.peer(), from.remoteDisplay());
    }

    private void apply(Server server, AdminEntry entry, String peer, String address) {
        if (SharedAdminState.valueOf(server, entry.what()) == entry.value()) {
            return; // nothing to do (a snapshot repeats what both nodes already agree on)
        }
        AdminOutcome outcome = admin.applyFromPeer(server, entry.what(), entry.value(), peer, address);
        if (outcome.kind() != AdminOutcome.Kind.DONE) {
            log.warn("Peer {}: {} {} on {}/{} not applied here: {}", peer, entry.what(), entry.value(),
                    entry.backend(), entry.server(), outcome.text());
        }
    }

    /**
     * After a reload: servers it added take the state the pair agreed on (servers kept carried
     * theirs over already, and a server whose configuration changed keeps its new settings).
     *
     * @param added {@code backend/server} names
     */
    void reloaded(List<String> added) {
        for (AdminEntry e : state.snapshot()) {
            if (!e.stamp().node().equals(state.node()) && added.contains(e.backend() + "/" + e.server())) {
                registry.server(e.backend(), e.server()).ifPresent(s -> apply(s, e, e.stamp().node(), "-"));
            }
        }
    }
}
