package io.lbgate.proxy.proxyprotocol;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The addresses a PROXY protocol header carries: the true client ({@code source}) and the address
 * that client connected to ({@code destination}). Only TCP over IPv4/IPv6 is represented; a v1
 * {@code UNKNOWN} or a v2 {@code LOCAL}/{@code UNSPEC} header carries no addresses and decodes to
 * no {@code ProxyHeader} at all, as HAProxy then keeps the real peer address (docs/haproxy-behaviour.md, "PROXY protocol").
 *
 * @param source      the client address and port
 * @param destination the proxy address and port the client connected to
 */
public record ProxyHeader(InetSocketAddress source, InetSocketAddress destination) {
    public ProxyHeader {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.isUnresolved() || destination.isUnresolved()) {
            throw new IllegalArgumentException("addresses must be IP literals: " + source + ", " + destination);
        }
    }
}
