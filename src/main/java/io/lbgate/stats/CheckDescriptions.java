package io.lbgate.stats;

import java.util.Map;

/** HAProxy's {@code check_desc} text for each {@code check_status} code (docs/haproxy-behaviour.md, "Health checks"). */
final class CheckDescriptions {
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("UNK", "Unknown"),
            Map.entry("INI", "Initializing"),
            Map.entry("SOCKERR", "Socket error"),
            Map.entry("L4OK", "Layer4 check passed"),
            Map.entry("L4TOUT", "Layer4 timeout"),
            Map.entry("L4CON", "Layer4 connection problem"),
            Map.entry("L6OK", "Layer6 check passed"),
            Map.entry("L6TOUT", "Layer6 timeout"),
            Map.entry("L6RSP", "Layer6 invalid response"),
            Map.entry("L7OK", "Layer7 check passed"),
            Map.entry("L7OKC", "Layer7 check conditionally passed"),
            Map.entry("L7TOUT", "Layer7 timeout"),
            Map.entry("L7RSP", "Layer7 invalid response"),
            Map.entry("L7STS", "Layer7 wrong status"),
            Map.entry("PROCERR", "External check error"),
            Map.entry("PROCTOUT", "External check timeout"),
            Map.entry("PROCOK", "External check passed"));

    private CheckDescriptions() {
    }

    static String of(String status) {
        return DESCRIPTIONS.getOrDefault(status, "Unknown");
    }
}
