package io.lbgate.metrics;

import java.util.List;

/**
 * The {@code state} label values of HAProxy 2.6's exporter and how a stats row maps onto them.
 */
final class States {
    /** A proxy's: a frontend is UP while it listens (CSV {@code OPEN}), a backend while a server is usable. */
    static final List<String> PROXY = List.of("DOWN", "UP");
    /** A server's, in the exporter's order. */
    static final List<String> SERVER = List.of("DOWN", "UP", "MAINT", "DRAIN", "NOLB");
    /** The check results the exporter names, in its order; {@code INI} (no check finished yet) is none of them. */
    static final List<String> CHECK = List.of("HANA", "SOCKERR", "L4OK", "L4TOUT", "L4CON", "L6OK", "L6TOUT",
            "L6RSP", "L7TOUT", "L7RSP", "L7OK", "L7OKC", "L7STS", "PROCERR", "PROCTOUT", "PROCOK");
    /** The {@code code} label values and the CSV fields they read. */
    static final List<String> CODES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other");

    private States() {
    }

    static String proxy(String csvStatus) {
        return csvStatus != null && (csvStatus.startsWith("UP") || csvStatus.equals("OPEN")) ? "UP" : "DOWN";
    }

    /**
     * The CSV status column ({@code UP 1/3}, {@code DRAIN}, {@code no check}, ...) as the exporter
     * names it: maintenance first, then drain and soft-stop, then up or down.
     */
    static String server(String csvStatus) {
        if (csvStatus == null) {
            return "DOWN";
        }
        if (csvStatus.startsWith("MAINT")) {
            return "MAINT";
        }
        if (csvStatus.startsWith("DRAIN")) {
            return "DRAIN";
        }
        if (csvStatus.startsWith("NOLB")) {
            return "NOLB";
        }
        return csvStatus.startsWith("UP") || csvStatus.equals("no check") ? "UP" : "DOWN";
    }

    /** The CSV check_status without the page's "check in progress" mark. */
    static String check(String csvCheckStatus) {
        return csvCheckStatus.startsWith("* ") ? csvCheckStatus.substring(2) : csvCheckStatus;
    }
}
