package io.lbgate.proxy.http;

import io.lbgate.config.ForwardFor;
import io.lbgate.proxy.Network;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetAddress;

/**
 * {@code option forwardfor}, as HAProxy 2.6 applies it: a new header line with the bare client
 * address is appended after the existing ones (never comma-joined), unless the client is in the
 * {@code except} network, or {@code if-none} is set and the header is already there.
 */
final class ForwardedHeaders {
    private final String header;
    private final Network except;
    private final boolean ifNone;

    private ForwardedHeaders(ForwardFor config) {
        this.header = config.header();
        this.except = config.except() == null ? null : Network.parse(config.except());
        this.ifNone = config.ifNone();
    }

    /** {@code null} when the option is off, so the hot path pays one null check. */
    static ForwardedHeaders of(ForwardFor config) {
        return config == null ? null : new ForwardedHeaders(config);
    }

    void apply(HttpHeaders headers, InetAddress client) {
        if (client == null || except != null && except.contains(client)) {
            return;
        }
        if (ifNone && headers.contains(header)) {
            return;
        }
        headers.add(header, client.getHostAddress());
    }
}
