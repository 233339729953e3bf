package io.lbgate.config.haproxy;

import io.lbgate.config.BindAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** {@code bind <addr>[,<addr>...] [accept-proxy] [transparent] [name <name>]}. */
final class BindParser {

    /** What the options of one {@code bind} line said. */
    static final class BindOptions {
        boolean acceptProxy;
        boolean transparent;
        String name;
    }

    private BindParser() {
    }

    static void bind(Directive d) {
        if (d.args().isEmpty()) {
            d.alert("'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.");
            return;
        }
        String spec = d.arg(0);
        String label = "'bind " + spec + "' in section '" + d.proxy().section.keyword() + "'";
        BindOptions options = new BindOptions();
        for (int i = 1; i < d.args().size(); i++) {
            String word = d.arg(i);
            KeywordTable.Option<BindOptions> option = KeywordTable.bindOption(word).orElse(null);
            if (option == null) {
                // HAProxy 2.6.12, observed: "'bind :8001' in section 'frontend': unknown keyword 'bogus'."
                d.alert(label + ": unknown keyword '" + word + "'.");
                return;
            }
            String arg = null;
            if (option.argument() != null) {
                arg = d.arg(++i);
                if (arg == null) {
                    d.alert(label + " : '" + word + "' : missing " + option.argument());
                    return;
                }
            }
            try {
                option.handler().apply(options, arg, spec);
            } catch (OptionException e) {
                d.alert(label + " : '" + word + "' : " + e.getMessage());
                return;
            }
        }
        List<BindAddress> addresses = new ArrayList<>();
        for (String address : spec.split(",", -1)) {
            BindAddress bind = parseAddress(d, address, options);
            if (bind == null) {
                return;
            }
            addresses.add(bind);
        }
        d.proxy().binds.addAll(addresses);
    }

    private static BindAddress parseAddress(Directive d, String written, BindOptions options) {
        String address = CfgAddresses.stripFamily(written);
        if (address.startsWith("/") || address.contains("@")) {
            d.alert("'bind' : lbgate listens on TCP addresses only, not '" + written + "'.");
            return null;
        }
        CfgAddresses.HostPort hp = CfgAddresses.split(address);
        if (hp.port() == null || hp.port().isEmpty()) {
            // HAProxy 2.6.12, observed: "'bind' : missing port specification in '1.2.3.4'"
            d.alert("'bind' : missing port specification in '" + written + "'");
            return null;
        }
        if (hp.port().contains("-")) {
            d.alert("'bind' : port ranges are not supported by lbgate ('" + hp.port() + "').");
            return null;
        }
        int port = CfgAddresses.port(hp.port());
        if (port < 0) {
            d.alert("'bind' : invalid port '" + hp.port() + "'");
            return null;
        }
        String host = literalHost(hp.host());
        if (host == null) {
            d.alert("'bind' : invalid address: '" + hp.host() + "' in '" + written + "'");
            return null;
        }
        return new BindAddress(host, port, options.acceptProxy, options.transparent);
    }

    /** The IP literal to bind: {@code *} or nothing is every IPv4 address; names are resolved once. */
    private static String literalHost(String host) {
        if (host.isEmpty() || host.equals("*")) {
            return "0.0.0.0";
        }
        try {
            String address = InetAddress.getByName(host).getHostAddress();
            // Keep the operator's spelling of a literal ("::" rather than "0:0:0:0:0:0:0:0").
            return isLiteral(host) ? host : address;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
