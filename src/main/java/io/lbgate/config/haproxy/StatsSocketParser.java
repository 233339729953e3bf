package io.lbgate.config.haproxy;

import io.lbgate.config.ApiLevel;
import io.lbgate.config.BindAddress;
import io.lbgate.config.StatsSocket;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Locale;

/**
 * The global {@code stats socket}, {@code stats timeout} and {@code stats maxconn} lines, with
 * HAProxy 2.6.12's alerts (observed with {@code haproxy -c}).
 */
final class StatsSocketParser {

    private StatsSocketParser() {
    }

    /**
     * {@code stats socket <path>|<addr:port> [level <l>] [mode <octal>] [user <u>] [group <g>]
     * [expose-fd listeners]}. The socket file's owner and group are looked up now, so that a typo
     * fails the start (and {@code -c}) as in HAProxy, not the first bind.
     */
    static void socket(Directive d) {
        String written = d.arg(0);
        if (written == null) {
            d.alert("'stats socket' in global section expects an address or a path to a UNIX socket");
            return;
        }
        String path = null;
        BindAddress tcp = null;
        if (written.startsWith("/") || written.startsWith("unix@")) {
            path = written.startsWith("unix@") ? written.substring("unix@".length()) : written;
        } else {
            tcp = tcpAddress(d, written);
            if (tcp == null) {
                return;
            }
        }
        ApiLevel level = ApiLevel.OPERATOR;
        int mode = -1;
        String user = null;
        String group = null;
        boolean exposeFd = false;
        for (int i = 1; i < d.args().size(); i += 2) {
            String option = d.arg(i);
            String value = d.arg(i + 1);
            switch (option) {
                case "level" -> {
                    level = level(d, value);
                    if (level == null) {
                        return;
                    }
                }
                case "mode" -> {
                    mode = mode(value);
                    if (mode < 0) {
                        d.alert("'stats socket' : ''mode' : missing or invalid mode '" + (value == null ? "" : value)
                                + "' (octal integer expected)'");
                        return;
                    }
                }
                case "user", "group" -> {
                    if (!exists(option, value)) {
                        d.alert("'stats socket' : ''" + option + "' : unknown " + option + " name '"
                                + (value == null ? "" : value) + "''");
                        return;
                    }
                    if (option.equals("user")) {
                        user = value;
                    } else {
                        group = value;
                    }
                }
                case "expose-fd" -> {
                    if (!"listeners".equals(value)) {
                        d.alert("'stats socket' : ''expose-fd' only supports 'listeners' (got '"
                                + (value == null ? "" : value) + "')'");
                        return;
                    }
                    exposeFd = true;
                }
                default -> {
                    d.alert("'stats socket' : unknown keyword '" + option + "'.");
                    return;
                }
            }
        }
        d.global().statsSockets.add(new StatsSocket(path, tcp, mode, level, user, group, exposeFd));
    }

    /** {@code stats timeout <time>}: HAProxy's time units, milliseconds when none. */
    static void timeout(Directive d) {
        String value = d.arg(0) == null ? "" : d.arg(0);
        try {
            var timeout = Units.time(value);
            if (timeout.isZero()) {
                d.alert("'stats timeout' expects a positive value");
                return;
            }
            d.global().statsTimeout = timeout;
        } catch (Units.BadValueException e) {
            d.alert(e.offending() == 0 ? "'stats timeout' expects a timeout value"
                    : "'stats timeout' : unexpected character '" + e.offending() + "'");
        }
    }

    /** {@code stats maxconn <n>}: API connections served at once. */
    static void maxconn(Directive d) {
        Integer n = d.intArg(0);
        if (n == null) {
            return;
        }
        if (n < 1) {
            d.alert("'stats maxconn' expects a positive integer (got '" + d.arg(0) + "').");
            return;
        }
        d.global().statsMaxconn = n;
    }

    private static ApiLevel level(Directive d, String value) {
        if (value == null) {
            d.alert("'stats socket' : ''level' : missing level'");
            return null;
        }
        for (ApiLevel l : ApiLevel.values()) {
            if (l.word().equals(value)) {
                return l;
            }
        }
        d.alert("'stats socket' : ''level' only supports 'user', 'operator', and 'admin' (got '" + value + "')'");
        return null;
    }

    /** Octal permission bits, -1 when not an octal number of at most 0777. */
    private static int mode(String value) {
        if (value == null || value.isEmpty() || value.length() > 4 || !value.chars().allMatch(c -> c >= '0' && c <= '7')) {
            return -1;
        }
        int mode = Integer.parseInt(value, 8);
        return mode <= 0777 ? mode : -1;
    }

    private static boolean exists(String kind, String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            if (kind.equals("user")) {
                lookup.lookupPrincipalByName(name);
            } else {
                lookup.lookupPrincipalByGroupName(name);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static BindAddress tcpAddress(Directive d, String written) {
        if (written.contains("@") && !written.toLowerCase(Locale.ROOT).matches("^(ipv4|ipv6|tcp|tcp4|tcp6)@.*")) {
            d.alert("'stats socket' : lbgate listens on a UNIX path or a TCP address only, not '" + written + "'.");
            return null;
        }
        CfgAddresses.HostPort hp = CfgAddresses.split(CfgAddresses.stripFamily(written));
        int port = CfgAddresses.port(hp.port());
        if (port < 0) {
            d.alert(hp.port() == null || hp.port().isEmpty()
                    ? "'stats socket' : missing port specification in '" + written + "'"
                    : "'stats socket' : invalid port '" + hp.port() + "'");
            return null;
        }
        String host = hp.host().isEmpty() || hp.host().equals("*") ? "0.0.0.0" : hp.host();
        if (!host.contains(":") && !host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            d.alert("'stats socket' : invalid address: '" + hp.host() + "' in '" + written + "'");
            return null;
        }
        return new BindAddress(host, port, false);
    }
}
