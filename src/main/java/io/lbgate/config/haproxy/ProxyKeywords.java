package io.lbgate.config.haproxy;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.ProxyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Handlers of the proxy keywords other than {@code bind}, {@code server} and {@code stats}. */
final class ProxyKeywords {
    // HAProxy 2.6.12 wording, observed; it does not list 'first' and 'random' although it has them.
    static final String BALANCE_SUPPORTS = "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source',"
            + " 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.";
    static final String TIMEOUT_SUPPORTS = "'timeout' supports 'client', 'server', 'connect', 'check', 'queue',"
            + " 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin'";

    private ProxyKeywords() {
    }

    static void mode(Directive d) {
        String mode = d.arg(0) == null ? "" : d.arg(0);
        switch (mode) {
            case "http" -> d.proxy().mode = ProxyMode.HTTP;
            case "tcp" -> d.proxy().mode = ProxyMode.TCP;
            default -> d.alert("unknown proxy mode '" + mode + "'.");
        }
    }

    static void maxconn(Directive d) {
        Integer n = d.intArg(0);
        if (n != null) {
            d.proxy().maxconn = n;
        }
    }

    static void retries(Directive d) {
        Integer n = d.intArg(0);
        if (n != null) {
            d.proxy().retries = n;
        }
    }

    static void defaultBackend(Directive d) {
        if (d.args().size() != 1) {
            d.alert("'default_backend' expects a backend name.");
            return;
        }
        d.proxy().defaultBackend = d.arg(0);
        d.proxy().defaultBackendLine = d.line();
    }

    /**
     * lbgate reuses server connections as HAProxy's default {@code http-reuse safe} does: a client
     * connection's first request gets a server connection of its own. The other strategies are
     * accepted with a warning that says so.
     */
    /** {@code load-server-state-from-file global|local|none}. */
    static void loadServerStateFromFile(Directive d) {
        String from = d.args().isEmpty() ? "" : d.arg(0);
        if (!from.equals("global") && !from.equals("local") && !from.equals("none")) {
            d.alert("'load-server-state-from-file' expects 'global', 'local' or 'none'. Got '" + from + "'");
            return;
        }
        d.proxy().loadServerState = from;
    }

    /** {@code server-state-file-name [use-backend-name|<file>]}: the file of {@code local} loading. */
    static void serverStateFileName(Directive d) {
        if (d.args().size() > 1) {
            d.alert("'server-state-file-name' cannot handle unexpected argument '" + d.arg(1) + "'.");
            return;
        }
        String name = d.args().isEmpty() ? "use-backend-name" : d.arg(0);
        d.proxy().serverStateFileName = name.equals("use-backend-name") ? null : name;
    }

    static void httpReuse(Directive d) {
        String mode = d.args().isEmpty() ? "" : d.arg(0);
        switch (mode) {
            case "safe" -> { }
            case "never", "aggressive", "always" -> d.warning("'http-reuse " + mode + "' is not implemented by"
                    + " lbgate: server connections are reused as with 'http-reuse safe'.");
            default -> d.alert("'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.");
        }
    }

    /** Only unconditional switching maps onto the model's single default backend. */
    static void useBackend(Directive d) {
        if (d.args().isEmpty()) {
            d.alert("'use_backend' expects a backend name.");
            return;
        }
        List<String> condition = d.args().subList(1, d.args().size());
        if (!condition.isEmpty() && !condition.equals(List.of("if", "TRUE"))) {
            d.alert("'use_backend " + d.arg(0) + "' : ACL conditions other than 'if TRUE' are not supported by lbgate"
                    + " (got '" + String.join(" ", condition) + "').");
            return;
        }
        if (d.proxy().useBackend != null) {
            d.warning("'use_backend " + d.arg(0) + "' is never used: the unconditional 'use_backend "
                    + d.proxy().useBackend + "' at " + d.proxy().useBackendLine.location() + " comes first.");
            return;
        }
        d.proxy().useBackend = d.arg(0);
        d.proxy().useBackendLine = d.line();
    }

    static void balance(Directive d) {
        String name = d.arg(0) == null ? "" : d.arg(0);
        if (d.args().size() > 1) {
            d.alert("'balance " + name + "' : arguments are not supported by lbgate.");
            return;
        }
        Algorithm.ofKeyword(name).ifPresentOrElse(a -> d.proxy().balance = a, () -> {
            if (List.of("uri", "url_param").contains(name) || name.startsWith("hdr(")
                    || name.startsWith("rdp-cookie") || name.startsWith("random(")) {
                d.alert("'balance " + name + "' is not supported by lbgate (supported: roundrobin, static-rr,"
                        + " leastconn, first, source, random).");
            } else {
                d.alert(BALANCE_SUPPORTS);
            }
        });
    }

    static void timeout(Directive d) {
        String name = d.keyword().substring("timeout ".length());
        String value = d.arg(0);
        if (value == null) {
            d.alert("'timeout " + name + "' expects an integer value (in milliseconds)");
            return;
        }
        try {
            Duration t = Units.time(value);
            d.proxy().timeouts.put(name, t);
            if (name.equals("http-request") || name.equals("http-keep-alive")) {
                d.proxy().ownHttpOnlyLines.put("timeout " + name, d.line());
            }
        } catch (Units.BadValueException e) {
            if (e.overflow()) {
                d.alert("timer overflow in argument '" + value + "' to 'timeout " + name
                        + "' (maximum value is 2147483647 ms or ~24.8 days)");
                return;
            }
            // HAProxy 2.6.12, observed: "unexpected character 'x' in 'timeout client'"
            d.alert("unexpected character '" + e.offending() + "' in 'timeout " + name + "'");
        }
    }

    static void httpCheckExpect(Directive d) {
        if (!"status".equals(d.arg(0)) || d.args().size() != 2) {
            d.alert("'http-check expect' : only 'status <codes>' is supported by lbgate.");
            return;
        }
        List<Integer> codes = new ArrayList<>();
        for (String part : d.arg(1).split(",", -1)) {
            String[] range = part.split("-", -1);
            for (String s : range) {
                int bad = firstNonDigit(s);
                if (bad >= 0 || range.length > 2) {
                    // HAProxy 2.6.12, observed: "'http-check expect' : invalid character 'a' in the list of status codes."
                    char c = bad >= 0 && bad < s.length() ? s.charAt(bad) : range.length > 2 ? '-' : ',';
                    d.alert("'http-check expect' : invalid character '" + c + "' in the list of status codes.");
                    return;
                }
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            for (int code = from; code <= to; code++) {
                codes.add(code);
            }
        }
        d.proxy().expectStatuses = codes;
    }

    /** Index of the first non-digit; an empty part counts as bad at 0 (reported as ','). */
    private static int firstNonDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return i;
            }
        }
        return s.isEmpty() || s.length() > 3 ? 0 : -1;
    }

    // --- options ---

    static void httplog(Directive d) {
        d.proxy().logFormat = d.negated() ? LogSettings.Format.NONE : LogSettings.Format.HTTPLOG;
        d.proxy().httplogLine = d.negated() ? null : d.line();
    }

    static void tcplog(Directive d) {
        d.proxy().logFormat = d.negated() ? LogSettings.Format.NONE : LogSettings.Format.TCPLOG;
    }

    static void dontlognull(Directive d) {
        d.proxy().dontLogNull = !d.negated();
    }

    static void httpKeepAlive(Directive d) {
        connectionMode(d, HttpConnectionMode.KEEP_ALIVE);
    }

    static void httpServerClose(Directive d) {
        connectionMode(d, HttpConnectionMode.SERVER_CLOSE);
    }

    static void httpClose(Directive d) {
        connectionMode(d, HttpConnectionMode.CLOSE);
    }

    /** The last of the three options wins; {@code no option X} only undoes X. */
    private static void connectionMode(Directive d, HttpConnectionMode mode) {
        if (d.negated()) {
            if (d.proxy().connectionMode == mode) {
                d.proxy().connectionMode = HttpConnectionMode.KEEP_ALIVE;
            }
            return;
        }
        d.proxy().connectionMode = mode;
        d.proxy().ownHttpOnlyLines.put(d.keyword(), d.line());
    }

    static void forwardFor(Directive d) {
        if (d.negated()) {
            d.proxy().forwardFor = null;
            return;
        }
        String except = null;
        String header = ForwardFor.DEFAULT_HEADER;
        boolean ifNone = false;
        for (int i = 0; i < d.args().size(); i++) {
            String word = d.arg(i);
            if (word.equals("if-none")) {
                ifNone = true;
            } else if ((word.equals("except") || word.equals("header")) && d.arg(i + 1) != null) {
                if (word.equals("except")) {
                    except = d.arg(++i);
                } else {
                    header = d.arg(++i);
                }
            } else {
                d.alert("'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.");
                return;
            }
        }
        d.proxy().forwardFor = new ForwardFor(except, header, ifNone);
    }

    static void redispatch(Directive d) {
        // HAProxy reads the interval as atol() does: leading digits, anything else is 0 (off).
        if (d.negated()) {
            d.proxy().redispatchInterval = 0;
        } else if (d.arg(0) == null || d.arg(0).isEmpty()) {
            d.proxy().redispatchInterval = BackendConfig.REDISPATCH_ON_LAST_RETRY;
        } else {
            d.proxy().redispatchInterval = leadingInt(d.arg(0));
        }
    }

    /** C's atol: optional sign and leading digits; 0 when there are none. */
    private static int leadingInt(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && value < Integer.MAX_VALUE) {
            value = value * 10 + (s.charAt(i++) - '0');
        }
        value = Math.min(value, Integer.MAX_VALUE);
        return (int) (negative ? -value : value);
    }

    /** {@code option tcpka}: both sides; a frontend uses the client side of it, a backend the server side. */
    static void tcpKeepAlive(Directive d) {
        d.proxy().clientTcpKeepAlive = !d.negated();
        d.proxy().serverTcpKeepAlive = !d.negated();
    }

    static void clientTcpKeepAlive(Directive d) {
        d.proxy().clientTcpKeepAlive = !d.negated();
    }

    static void serverTcpKeepAlive(Directive d) {
        d.proxy().serverTcpKeepAlive = !d.negated();
    }

    static void allBackups(Directive d) {
        d.proxy().allBackups = !d.negated();
    }

    static void httpChk(Directive d) {
        if (d.negated()) {
            d.proxy().httpChk = null;
            return;
        }
        List<String> a = d.args();
        d.proxy().httpChk = switch (a.size()) {
            case 0 -> new String[] {"OPTIONS", "/", "HTTP/1.0"};
            case 1 -> new String[] {"OPTIONS", a.get(0), "HTTP/1.0"};
            case 2 -> new String[] {a.get(0), a.get(1), "HTTP/1.0"};
            default -> new String[] {a.get(0), a.get(1), String.join(" ", a.subList(2, a.size()))};
        };
    }
}
