package io.lbgate.peers;

import io.lbgate.config.PeersConfig;
import java.util.List;
import java.util.Objects;

/**
 * What this node's peer link runs with: its own name and peer line (where it listens), the other
 * peers of the section (whom it dials and accepts), the shared secret and the timings.
 */
record PeerSettings(String node, String section, PeersConfig.Peer local, List<PeersConfig.Peer> remotes,
                    PeerSecret secret, PeerTimings timings) {
    PeerSettings {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(local, "local");
        remotes = List.copyOf(remotes);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(timings, "timings");
    }

    /** The section that names {@code node}, with every other peer of it as a remote. */
    static PeerSettings of(String node, PeersConfig.Section section, PeerSecret secret, PeerTimings timings) {
        PeersConfig.Peer local = section.peer(node).orElseThrow();
        List<PeersConfig.Peer> remotes = section.peers().stream().filter(p -> !p.name().equals(node)).toList();
        return new PeerSettings(node, section.name(), local, remotes, secret, timings);
    }
}
