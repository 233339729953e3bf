package io.lbgate.config.haproxy;

import io.lbgate.config.StatsUser;
import java.util.List;

/** The {@code stats} keywords of a {@code listen} section; the global ones are {@link StatsSocketParser}'s. */
final class StatsKeywords {
    // HAProxy 2.6.12 wording, observed.
    static final String UNKNOWN_PARAMETER = "unknown stats parameter '%s', expects 'admin', 'uri', 'realm', 'auth',"
            + " 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.";

    private StatsKeywords() {
    }

    static void enable(Directive d) {
        d.proxy().statsEnabled = d.line();
    }

    static void hideVersion(Directive d) {
        d.proxy().statsHideVersion = true;
    }

    static void uri(Directive d) {
        if (d.arg(0) == null) {
            d.alert("'uri' needs an URI prefix.");
            return;
        }
        d.proxy().statsUri = d.arg(0);
    }

    static void realm(Directive d) {
        if (d.arg(0) == null) {
            d.alert("'realm' needs an realm name.");
            return;
        }
        // HAProxy lets a realm span words ("stats realm My Stats"); it joins them with one space.
        d.proxy().statsRealm = String.join(" ", d.args());
    }

    static void auth(Directive d) {
        String account = d.arg(0);
        int colon = account == null ? -1 : account.indexOf(':');
        if (colon <= 0) {
            // HAProxy 2.6.12 accepts "stats auth foo" silently, but nobody can then log in; say so.
            d.alert("'auth' needs a user:password account.");
            return;
        }
        d.proxy().statsUsers.add(new StatsUser(account.substring(0, colon), account.substring(colon + 1)));
    }

    static void admin(Directive d) {
        if (d.args().isEmpty() || !List.of("if", "unless").contains(d.arg(0)) || d.args().size() < 2) {
            d.alert("'stats admin' requires either 'if' or 'unless' followed by a condition.");
            return;
        }
        if (!d.args().equals(List.of("if", "TRUE"))) {
            d.alert("'stats admin' : ACL conditions other than 'if TRUE' are not supported by lbgate (got '"
                    + String.join(" ", d.args()) + "').");
            return;
        }
        d.proxy().statsAdmin = true;
    }

    static void refresh(Directive d) {
        if (d.arg(0) == null) {
            d.alert("'refresh' needs a refresh interval.");
            return;
        }
        try {
            d.proxy().statsRefresh = Units.time(d.arg(0), java.time.Duration.ofSeconds(Integer.MAX_VALUE));
        } catch (Units.BadValueException e) {
            if (e.overflow()) {
                d.alert("timer overflow in argument <" + d.arg(0) + "> to stats refresh interval,"
                        + " maximum value is 2147483647 s (~68 years).");
                return;
            }
            d.alert("unexpected character '" + e.offending() + "' in argument to stats refresh interval.");
        }
    }

    static void showLegends(Directive d) {
        d.proxy().statsShowLegends = true;
    }

    /** {@code stats show-node [<name>]}: without a name, the host name is shown. */
    static void showNode(Directive d) {
        String node = d.arg(0) == null ? "" : d.arg(0);
        if (!node.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            // HAProxy 2.6.12 wording (typos included), observed.
            d.alert("'stats show-node' invalid node name - should be a stringwith digits(0-9), letters(A-Z, a-z),"
                    + " hyphen(-) or underscode(_).");
            return;
        }
        d.proxy().statsShowNode = node;
    }

    /** {@code stats show-desc [<text>]}: the words joined by one space, as HAProxy does. */
    static void showDesc(Directive d) {
        if (d.args().isEmpty()) {
            // lbgate reads no global 'description'; HAProxy 2.6.12 wording, observed.
            d.warning("'show-desc' requires a parameter or 'desc' to be set in the global section.");
            return;
        }
        d.proxy().statsShowDesc = String.join(" ", d.args());
    }
}
