package io.lbgate.peers;

import java.time.Clock;

/**
 * A hybrid logical clock: the wall clock in milliseconds, but never behind a stamp already seen
 * from a peer nor behind its own last stamp. So an operator's change made after this node applied
 * a peer's change always wins over it, even when the peer's clock runs ahead; between changes made
 * independently on both nodes, the wall clock (kept close by NTP) decides.
 */
final class HybridClock {
    private final Clock clock;
    private long last;

    HybridClock(Clock clock) {
        this.clock = clock;
    }

    /** A time for a change made here now: later than every time this clock gave or saw. */
    synchronized long next() {
        last = Math.max(clock.millis(), last + 1);
        return last;
    }

    /** Takes note of a peer's stamp. */
    synchronized void observe(long time) {
        last = Math.max(last, time);
    }
}
