package io.lbgate.runtime;

import io.lbgate.config.ApiLevel;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Commands about the API connection itself: {@code operator}, {@code user}, {@code set timeout cli}, {@code show sess}. */
final class SessionCommands {
    private static final Pattern DELAY = Pattern.compile("(\\d{1,9})(us|ms|s|m|h|d)?");

    private SessionCommands() {
    }

    /** {@code operator} / {@code user}: a session may lower its level, never raise it. */
    static String lower(CliRequest r, ApiLevel level) {
        if (!r.allows(level)) {
            return CliRequest.PERMISSION_DENIED;
        }
        r.session().lowerLevel(level);
        return "";
    }

    /** {@code set timeout cli <delay>}: seconds unless a unit is given; hatop sends {@code 60}. */
    static String setTimeout(CliRequest r) {
        if (!r.arg(2).equals("cli")) {
            return "'set timeout' only supports 'cli'.\n";
        }
        String value = r.arg(3);
        if (value.isEmpty()) {
            return "Expects an integer value.\n";
        }
        Matcher m = DELAY.matcher(value);
        if (!m.matches()) {
            return "Invalid timeout value.\n";
        }
        long n = Long.parseLong(m.group(1));
        Duration timeout = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (timeout.toMillis() < 1) {
            return "Invalid timeout value.\n";
        }
        r.session().idleTimeout(timeout);
        return "";
    }

    /**
     * {@code show sess [<id>|all]}: lbgate keeps no table of data-plane streams (the CSV's
     * {@code scur} counts them), so this lists the runtime API's own connections, which HAProxy
     * lists too, in its line shape.
     */
    static String showSess(CliRequest r) {
        String id = r.arg(2);
        StringBuilder sb = new StringBuilder();
        for (CliSession s : r.session().peers()) {
            if (id.isEmpty() || id.equals("all") || id.equals(s.id())) {
                sb.append(s.describe()).append('\n');
            }
        }
        if (!id.isEmpty() && !id.equals("all") && sb.length() == 0) {
            return "Session not found.\n";
        }
        return sb.toString();
    }
}
