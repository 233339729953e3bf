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

    /**
     * The header's value for a client, or {@code null} when it is in the {@code except} network. A
     * connection's client does not change, so its connection asks once, not once per request.
     */
    String valueFor(InetAddress client) {
        if (client == null || except != null && except.contains(client)) {
            return null;
        }
        return client.getHostAddress();
    }

    /** @param value what {@link #valueFor} gave for this request's client */
    void apply(HttpHeaders headers, String value) {
        if (value == null) {
            return;
        }
        if (ifNone && headers.contains(header)) {
            return;
        }
        headers.add(header, value);
    }
}
