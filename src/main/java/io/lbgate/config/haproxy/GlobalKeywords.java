package io.lbgate.config.haproxy;

import java.time.Duration;

/** Handlers of the {@code global} section's keywords. */
final class GlobalKeywords {

    private GlobalKeywords() {
    }

    static void maxconn(Directive d) {
        Integer n = d.intArg(0);
        if (n != null) {
            d.global().maxconn = n;
        }
    }

    /** {@code grace <time>}: keep accepting this long after a stop signal, readiness already false. */
    static void grace(Directive d) {
        Duration t = timeArg(d);
        if (t != null) {
            d.global().grace = t;
        }
    }

    /** {@code hard-stop-after <time>}: the longest a stop waits for what is in flight. */
    static void hardStopAfter(Directive d) {
        Duration t = timeArg(d);
        if (t != null) {
            d.global().hardStopAfter = t;
        }
    }

    /** {@code server-state-file <file>}: the global file {@code show servers state} was saved to. */
    static void serverStateFile(Directive d) {
        if (d.args().isEmpty()) {
            d.alert("'server-state-file' expect one argument: a file path.");
            return;
        }
        d.global().serverStateFile = d.arg(0);
    }

    /** {@code server-state-base <dir>}: where relative server-state file names are. */
    static void serverStateBase(Directive d) {
        if (d.args().isEmpty()) {
            d.alert("'server-state-base' expects one argument: a directory path.");
            return;
        }
        d.global().serverStateBase = d.arg(0);
    }

    /** A global keyword's one time argument, with HAProxy 2.6's words when it is missing or bad. */
    private static Duration timeArg(Directive d) {
        String value = d.arg(0);
        if (value == null) {
            d.alert("'" + d.keyword() + "' expects <time> as argument.");
            return null;
        }
        try {
            return Units.time(value);
        } catch (Units.BadValueException e) {
            d.alert("unexpected character '" + e.offending() + "' in argument to <" + d.keyword() + ">.");
            return null;
        }
    }

    /** {@code localpeer <name>}: this node's name in the {@code peers} sections (default: the host name). */
    static void localPeer(Directive d) {
        if (d.args().isEmpty()) {
            d.alert("'localpeer' expects a name as an argument."); // HAProxy 2.6.12, observed
            return;
        }
        if (d.global().peersSeen) {
            d.warning("'localpeer' ignored since it is used after 'peers' section."); // HAProxy 2.6.12, observed
            return;
        }
        d.global().localPeer = d.arg(0);
    }

    /**
     * Keywords about the Unix process (user, chroot, daemon, threads) have no meaning for a JVM that
     * a service manager starts; they are remembered and reported in one warning.
     */
    static void processKeyword(Directive d) {
        d.global().ignoredProcessKeywords.add(d.line());
    }
}
