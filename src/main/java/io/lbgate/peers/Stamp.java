package io.lbgate.peers;

import java.util.Comparator;
import java.util.Objects;

/**
 * When and where an operator change was made, ordering the changes of a pair: the later
 * {@code time} wins, and at an equal time the node name decides, so both nodes pick the same
 * winner. {@code time} comes from a {@link HybridClock}, not the bare wall clock.
 *
 * @param time milliseconds since the epoch, as the hybrid clock gave them
 * @param node the name of the node whose operator made the change
 */
record Stamp(long time, String node) implements Comparable<Stamp> {
    private static final Comparator<Stamp> ORDER = Comparator.comparingLong(Stamp::time).thenComparing(Stamp::node);

    Stamp {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }

    boolean after(Stamp other) {
        return other == null || compareTo(other) > 0;
    }
}
