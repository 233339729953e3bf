package io.lbgate.logging;

import java.time.LocalDateTime;
import java.util.Locale;

/**
 * Frames one log line the way HAProxy 2.6 sends it over UDP (RFC 3164, captured from 2.6.12):
 * {@code <134>Nov 28 22:02:33 haproxy[28063]: <line>\n} — no hostname, the day padded with a
 * space, a trailing newline inside the datagram. 134 = local0 (16) × 8 + info (6).
 */
public final class SyslogMessage {
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
        "news", "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1",
        "local2", "local3", "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info",
        "debug"};

    /** Traffic logs are sent at this level (docs/haproxy-behaviour.md, "Logs"). */
    public static final int INFO = 6;
    public static final int NOTICE = 5;

    private SyslogMessage() {
    }

    /**
     * The datagram text: {@code <PRI>Mmm dd hh:mm:ss tag[pid]: line\n}.
     *
     * @param facility 0..23, see {@link #facility(String)}
     * @param severity 0 (emerg) .. 7 (debug)
     * @param tag      the program name, {@code haproxy} unless configured
     */
    public static String format(int facility, int severity, LocalDateTime time, String tag, long pid, String line) {
        StringBuilder b = new StringBuilder(48 + line.length());
        b.append('<').append(facility * 8 + severity).append('>')
                .append(LogFields.MONTHS[time.getMonthValue() - 1]).append(' ');
        int day = time.getDayOfMonth();
        b.append(day < 10 ? " " : "").append(day).append(' ');
        LogFields.two(b, time.getHour()).append(':');
        LogFields.two(b, time.getMinute()).append(':');
        LogFields.two(b, time.getSecond()).append(' ');
        return b.append(tag).append('[').append(pid).append("]: ").append(line).append('\n').toString();
    }

    /** The facility number of a name from a {@code log} directive ({@code local0} → 16). */
    public static int facility(String name) {
        int i = indexOf(FACILITIES, name);
        if (i < 0) {
            throw new IllegalArgumentException("facility: " + name + " (expected: one of kern..local7)");
        }
        return i;
    }

    /** The severity number of a level name ({@code info} → 6); {@code null} means debug (all). */
    public static int severity(String name) {
        if (name == null) {
            return 7;
        }
        int i = indexOf(SEVERITIES, name);
        if (i < 0) {
            throw new IllegalArgumentException("level: " + name + " (expected: one of emerg..debug)");
        }
        return i;
    }

    private static int indexOf(String[] names, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(lower)) {
                return i;
            }
        }
        return -1;
    }
}
