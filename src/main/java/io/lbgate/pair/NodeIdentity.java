package io.lbgate.pair;

import io.lbgate.config.PeersConfig;

/**
 * This node's name as the pair shows it (stats page, health details, metrics): the name its
 * peers know it by, so that both views of the pair agree. Read once, at start.
 */
public final class NodeIdentity {
    private final String name;

    public NodeIdentity(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a node name)");
        }
        this.name = name;
    }

    /** This node's name as its peers know it (see {@link PeersConfig#nodeName}): -L, localpeer, host name. */
    public static NodeIdentity of(PeersConfig peers, String commandLineName) {
        return new NodeIdentity(peers.nodeName(commandLineName));
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
