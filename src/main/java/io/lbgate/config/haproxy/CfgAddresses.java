package io.lbgate.config.haproxy;

/**
 * Splits {@code host:port} the way HAProxy's {@code str2sa_range()} does: the last colon separates
 * the port, so {@code :::80} and {@code ::1:18084} are IPv6 with a port; {@code [v6]:port} is also
 * accepted. An empty or {@code *} host means every IPv4 address.
 */
final class CfgAddresses {

    private CfgAddresses() {
    }

    /** @param port the text after the separating colon, {@code null} when there is none */
    record HostPort(String host, String port) {
    }

    static HostPort split(String address) {
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close > 0) {
                String rest = address.substring(close + 1);
                return new HostPort(address.substring(1, close), rest.startsWith(":") ? rest.substring(1) : null);
            }
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(address, null);
        }
        return new HostPort(address.substring(0, colon), address.substring(colon + 1));
    }

    /** A port 1..65535, or -1 when the text is not one. */
    static int port(String text) {
        if (text == null || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    /** Drops a family prefix such as {@code ipv4@} that says nothing lbgate needs. */
    static String stripFamily(String address) {
        for (String prefix : new String[] {"ipv4@", "ipv6@", "udp@", "udp4@", "udp6@", "tcp@", "tcp4@", "tcp6@"}) {
            if (address.startsWith(prefix)) {
                return address.substring(prefix.length());
            }
        }
        return address;
    }
}
