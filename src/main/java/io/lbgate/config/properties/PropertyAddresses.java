package io.lbgate.config.properties;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses the {@code host:port} strings of application.yml the way haproxy.cfg writes them, so that
 * the bind-time check ({@link PropertyChecks#address}) and the converter agree on one reading.
 */
final class PropertyAddresses {

    static final int SYSLOG_PORT = 514;

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private PropertyAddresses() {
    }

    /** A host (without brackets) and a port. */
    record HostPort(String host, int port) {
    }

    /**
     * A {@code bind} address: {@code *:8080}, {@code :8080}, {@code 127.0.0.1:8080}, {@code [::]:8080}
     * or HAProxy's bracketless {@code :::8080}. {@code *} and an empty host mean every IPv4 address.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static HostPort bind(String text) {
        String[] hp = split(text, true);
        String host = hp[0].isEmpty() || hp[0].equals("*") ? "0.0.0.0" : hp[0];
        if (!isIpLiteral(host)) {
            throw new IllegalArgumentException("'" + text + "': a bind address must be an IP address or '*', not '"
                    + host + "'");
        }
        return new HostPort(host, port(text, hp[1]));
    }

    /** A {@code server} address {@code host:port}; the host may be a name, resolved later. */
    static HostPort server(String text) {
        String[] hp = split(text, true);
        checkHost(text, hp[0]);
        return new HostPort(hp[0], port(text, hp[1]));
    }

    /** A syslog address {@code host[:port]}; the port is 514 unless given. */
    static HostPort syslog(String text) {
        String[] hp = split(text, false);
        checkHost(text, hp[0]);
        return new HostPort(hp[0], hp[1] == null ? SYSLOG_PORT : port(text, hp[1]));
    }

    /** {@code {host, port}}; port is {@code null} when absent and not required. */
    private static String[] split(String text, boolean portRequired) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the address is empty");
        }
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']' after the IPv6 address");
            }
            String rest = s.substring(close + 1);
            if (rest.isEmpty() && !portRequired) {
                return new String[] {s.substring(1, close), null};
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "': expected ':PORT' after ']'");
            }
            return new String[] {s.substring(1, close), rest.substring(1)};
        }
        // As haproxy.cfg does, the last colon separates the port, so ":::80" is port 80 on "::".
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            if (portRequired) {
                throw new IllegalArgumentException("'" + text + "': missing port (expected: HOST:PORT)");
            }
            return new String[] {s, null};
        }
        return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    private static int port(String text, String port) {
        if (port.indexOf('-') > 0) {
            throw new IllegalArgumentException("'" + text + "': port ranges are not supported");
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "': invalid port '" + port + "'");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + value + " is not within 1 and 65535");
        }
        return value;
    }

    private static void checkHost(String text, String host) {
        if (host.isEmpty() || host.equals("*")) {
            throw new IllegalArgumentException("'" + text + "': missing host");
        }
        if (host.indexOf(':') >= 0 && !isIpLiteral(host)) {
            throw new IllegalArgumentException("'" + text + "': '" + host + "' is not an IPv6 address");
        }
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal; never asks DNS. */
    static boolean isIpLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            return true;
        }
        if (host.indexOf(':') < 0) {
            return false;
        }
        try {
            // With a colon in it the string can only be read as an IPv6 literal: no lookup happens.
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
