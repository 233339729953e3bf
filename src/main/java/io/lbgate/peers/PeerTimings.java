package io.lbgate.peers;

import java.time.Duration;

/**
 * The peer link's timings.
 *
 * @param handshake  the longest a new connection may take to authenticate (default 5 s)
 * @param ping       how often an open link sends a ping (default 2 s)
 * @param idle       the longest an open link may stay silent before it is closed (default 6 s:
 *                   three pings lost)
 * @param connect    the connect timeout when dialling a peer (default 2 s)
 * @param minBackoff the first wait before dialling again (default 250 ms), doubled after each
 *                   failure up to {@code maxBackoff} (default 5 s)
 */
record PeerTimings(Duration handshake, Duration ping, Duration idle, Duration connect, Duration minBackoff,
                   Duration maxBackoff) {
    static final PeerTimings DEFAULT = new PeerTimings(Duration.ofSeconds(5), Duration.ofSeconds(2),
            Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofSeconds(5));

    /** The longest a start waits for its peers' state before it reports ready. */
    Duration startWait() {
        return Duration.ofSeconds(2);
    }

    /** A link that lived this long before it dropped is dialled again after {@code minBackoff}. */
    Duration stable() {
        return Duration.ofSeconds(10);
    }
}
