package io.lbgate.config.haproxy;

import io.lbgate.config.ServerConfig;

/** {@code server <name> <addr>:<port> [params]} and {@code default-server [params]}. */
final class ServerLineParser {

    private ServerLineParser() {
    }

    static void server(Directive d) {
        ProxyDraft proxy = d.proxy();
        if (d.args().size() < 2) {
            // HAProxy 2.6.12 wording, observed.
            d.alert("'server' expects <name> and <addr>[:<port>] as arguments.");
            return;
        }
        String name = d.arg(0);
        if (!validName(d, name)) {
            return;
        }
        String label = "'server " + proxy.name + "/" + name + "' : ";
        CfgAddresses.HostPort hp = CfgAddresses.split(CfgAddresses.stripFamily(d.arg(1)));
        if (hp.port() == null || hp.port().isEmpty()) {
            d.alert(label + "lbgate needs a port in '" + d.arg(1)
                    + "' (HAProxy would reuse the client's destination port).");
            return;
        }
        if (hp.port().startsWith("+") || hp.port().startsWith("-")) {
            d.alert(label + "port offsets are not supported by lbgate ('" + hp.port() + "').");
            return;
        }
        int port = CfgAddresses.port(hp.port());
        if (port < 0) {
            d.alert(label + "invalid port '" + hp.port() + "'");
            return;
        }
        ServerSettings settings = proxy.defaultServer.copy();
        if (!applyOptions(d, 2, settings, name, label)) {
            return;
        }
        proxy.servers.add(settings.toServer(name, hp.host(), port));
        proxy.serverLines.put(name, d.line());
    }

    /**
     * HAProxy's name rule, also applied to proxy names: a server name ends up in log lines, stats
     * rows, the runtime API's {@code backend/server} syntax and the CSV, where {@code / , "} or a
     * space would be ambiguous.
     */
    private static boolean validName(Directive d, String name) {
        for (char c : name.toCharArray()) {
            if (!SectionParser.isNameChar(c)) {
                // HAProxy 2.6.12, observed: "character '<' is not permitted in server name '<script>x</script>'."
                d.alert("character '" + c + "' is not permitted in server name '" + name + "'.");
                return false;
            }
        }
        return true;
    }

    static void defaultServer(Directive d) {
        ServerSettings settings = d.proxy().defaultServer.copy();
        if (applyOptions(d, 0, settings, "default-server", "'default-server' : ")) {
            d.proxy().defaultServer = settings;
        }
    }

    private static boolean applyOptions(Directive d, int from, ServerSettings settings, String server, String label) {
        for (int i = from; i < d.args().size(); i++) {
            String word = d.arg(i);
            KeywordTable.Option<ServerSettings> option = KeywordTable.serverOption(word).orElse(null);
            if (option == null) {
                // HAProxy 2.6.12, observed: "'server b/s6' : unknown keyword 'bogusparam'."
                d.alert(label + "unknown keyword '" + word + "'.");
                return false;
            }
            String arg = null;
            if (option.argument() != null) {
                arg = d.arg(++i);
                if (arg == null) {
                    // HAProxy 2.6.12, observed: "'server b/z' : 'inter' expects a delay as argument.."
                    d.alert(label + "'" + word + "' expects " + option.argument() + " as argument..");
                    return false;
                }
            }
            try {
                option.handler().apply(settings, arg, server);
            } catch (OptionException e) {
                d.alert(label + e.getMessage());
                return false;
            }
        }
        return true;
    }

    // --- option handlers, referenced from KeywordTable ---

    static java.time.Duration time(String option, String arg, String server) throws OptionException {
        try {
            return Units.time(arg);
        } catch (Units.BadValueException e) {
            if (e.overflow()) {
                throw new OptionException("timer overflow in argument <" + arg + "> to <" + option + "> of server "
                        + server + ", maximum value is 2147483647 ms (~24.8 days)..");
            }
            // HAProxy 2.6.12 names the wrong keyword here ("in 'agent-inter' argument" for inter); we name the right one.
            throw new OptionException("unexpected character '" + e.offending() + "' in '" + option
                    + "' argument of server " + server + "..");
        }
    }

    static int integer(String option, String arg) throws OptionException {
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            throw new OptionException("'" + option + "' expects an integer argument..");
        }
    }

    static int positive(String option, String arg) throws OptionException {
        int n = integer(option, arg);
        if (n <= 0) {
            // HAProxy 2.6.12, observed: "'rise' has to be > 0.."
            throw new OptionException("'" + option + "' has to be > 0..");
        }
        return n;
    }

    static int nonNegative(String option, String arg) throws OptionException {
        int n = integer(option, arg);
        if (n < 0) {
            throw new OptionException("'" + option + "' has to be >= 0..");
        }
        return n;
    }

    static int weight(String arg, String server) throws OptionException {
        int w = integer("weight", arg);
        if (w < 0 || w > ServerConfig.MAX_WEIGHT) {
            // HAProxy 2.6.12, observed: "weight of server s1 is not within 0 and 256 (300).."
            throw new OptionException("weight of server " + server + " is not within 0 and " + ServerConfig.MAX_WEIGHT
                    + " (" + w + ")..");
        }
        return w;
    }

    static int port(String arg) throws OptionException {
        int port = CfgAddresses.port(arg);
        if (port < 0) {
            throw new OptionException("invalid port '" + arg + "'");
        }
        return port;
    }
}
