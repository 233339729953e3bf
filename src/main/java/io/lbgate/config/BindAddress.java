package io.lbgate.config;

import java.util.Objects;

/**
 * One address a frontend listens on. {@code host} is a literal IP address; {@code 0.0.0.0} and
 * {@code ::} mean every address of that family.
 *
 * @param host        the IP literal to bind, never a name
 * @param port        1..65535
 * @param acceptProxy whether connections must start with a PROXY protocol header
 * @param transparent HAProxy's {@code transparent}: the socket may bind an address this host does
 *                    not hold (yet), and its connections keep answering from that address after
 *                    the host gives it up (a VIP moving to the other node of a pair), see
 *                    {@code proxy.ForeignAddress}
 */
public record BindAddress(String host, int port, boolean acceptProxy, boolean transparent) {
    public BindAddress(String host, int port, boolean acceptProxy) {
        this(host, port, acceptProxy, false);
    }

    public BindAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    public String display() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
