package io.lbgate.stats;

/** HAProxy's short durations on the stats page: {@code 24s}, {@code 3m05s}, {@code 2h04m}, {@code 5d03h}. */
final class HumanTime {
    private HumanTime() {
    }

    static String of(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        long d = seconds / 86400;
        long h = seconds / 3600 % 24;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        if (d > 0) {
            return d + "d" + String.format("%02dh", h);
        }
        if (h > 0) {
            return h + "h" + String.format("%02dm", m);
        }
        if (m > 0) {
            return m + "m" + String.format("%02ds", s);
        }
        return s + "s";
    }

    /** The process uptime as HAProxy prints it: {@code 0d 0h02m13s}. */
    static String uptime(long seconds) {
        return String.format("%dd %dh%02dm%02ds", seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60,
                seconds % 60);
    }
}
