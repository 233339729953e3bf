package io.lbgate.peers;

import java.util.List;
import java.util.Optional;

/**
 * This node's peer link, if it has one: what the stats page asks about the peers' reachability.
 */
public final class Peers {
    static final Peers NONE = new Peers(null);

    private final PeerLinks links;

    Peers(PeerLinks links) {
        this.links = links;
    }

    Optional<PeerLinks> links() {
        return Optional.ofNullable(links);
    }

    /** One line per peer ({@code peer lb2 10.0.0.2:10000 connected since ...}); empty without peers. */
    public List<String> statusLines() {
        return links == null ? List.of() : links.statusLines();
    }
}
