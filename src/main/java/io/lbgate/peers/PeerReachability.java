package io.lbgate.peers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can talk to one peer now, with one log line per change of state rather than
 * per connection attempt: CONNECTING (since start, nothing known yet) → CONNECTED (at least one
 * authenticated link) ⇄ UNREACHABLE (none; with the last reason). A peer that flaps — more than
 * {@link #FLAP_CHANGES} changes within {@link #FLAP_WINDOW} — gets one line saying so, then at most
 * one line per window until it settles. Traffic never depends on this state.
 */
final class PeerReachability {
    static final int FLAP_CHANGES = 4;
    static final Duration FLAP_WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(PeerReachability.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    enum State { CONNECTING, CONNECTED, UNREACHABLE }

    private final String peer;
    private final String address;
    private final Clock clock;
    private State state = State.CONNECTING;
    private Instant since;
    private String reason = "";
    private String loggedReason = "";
    private int openLinks;
    private final Deque<Instant> changes = new ArrayDeque<>();
    private Instant lastLogged = Instant.EPOCH;
    private int unlogged;
    private boolean flapping;

    PeerReachability(String peer, String address, Clock clock) {
        this.peer = peer;
        this.address = address;
        this.clock = clock;
        this.since = clock.instant();
    }

    synchronized State state() {
        return state;
    }

    /** An authenticated link to the peer opened. */
    synchronized void linkOpened() {
        openLinks++;
        move(State.CONNECTED, "");
    }

    /** An authenticated link closed for {@code why}. */
    synchronized void linkClosed(String why) {
        openLinks = Math.max(0, openLinks - 1);
        if (openLinks == 0) {
            move(State.UNREACHABLE, why);
        }
    }

    /** A dial failed (or a connection ended before authenticating) for {@code why}. */
    synchronized void attemptFailed(String why) {
        if (openLinks == 0) {
            move(State.UNREACHABLE, why);
        }
    }

    private void move(State next, String why) {
        Instant now = clock.instant();
        reason = why;
        if (next == state) {
            // Same state: a new kind of failure is worth one line (refused, then a wrong secret), a repeat is not.
            if (next == State.UNREACHABLE && refusedByPeer(why) && !why.equals(loggedReason)) {
                report(now, false);
            }
            return;
        }
        state = next;
        since = now;
        changes.addLast(now);
        while (!changes.isEmpty() && changes.peekFirst().isBefore(now.minus(FLAP_WINDOW))) {
            changes.removeFirst();
        }
        report(now, changes.size() > FLAP_CHANGES);
    }

    /**
     * A peer that answers but will not talk (a wrong secret, a wrong name, another protocol) is a
     * configuration mistake worth its own line even while already unreachable; a refused connect
     * after a lost link is not news.
     */
    private static boolean refusedByPeer(String why) {
        return why.startsWith("authentication failed") || why.startsWith("the peer says")
                || why.startsWith("malformed") || why.startsWith("not lbgate's peer protocol");
    }

    private void report(Instant now, boolean flapping) {
        boolean startsFlapping = flapping && !this.flapping;
        this.flapping = flapping;
        if (flapping && !startsFlapping && now.isBefore(lastLogged.plus(FLAP_WINDOW))) {
            unlogged++;
            return;
        }
        String extra = unlogged > 0 ? " (" + unlogged + " changes not logged since " + TIME.format(lastLogged) + ")" : "";
        if (startsFlapping) {
            extra = " (flapping: " + changes.size() + " changes within " + FLAP_WINDOW.toSeconds()
                    + " s; further changes are logged at most once a minute)";
        }
        unlogged = 0;
        lastLogged = now;
        loggedReason = reason;
        switch (state) {
            case CONNECTED -> log.info("Peer {} ({}) connected: admin state is shared{}", peer, address, extra);
            case UNREACHABLE -> log.warn("Peer {} ({}) unreachable: {}; traffic is not affected, admin state is"
                    + " shared again once it is back{}", peer, address, reason, extra);
            default -> { }
        }
    }

    /** The stats page's line: {@code peer lb2 10.0.0.2:10000 connected since 2026-12-02 03:10:00 UTC}. */
    synchronized String line() {
        String text = "peer " + peer + " " + address + " " + state.name().toLowerCase(java.util.Locale.ROOT)
                + " since " + TIME.format(since);
        return state == State.UNREACHABLE && !reason.isEmpty() ? text + " (" + reason + ")" : text;
    }
}
