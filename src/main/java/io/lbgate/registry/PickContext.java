package io.lbgate.registry;

import java.net.InetAddress;

/**
 * What a {@link Balancer} may look at when choosing a server for one new session.
 *
 * @param client the client's address, for {@code source}; {@code null} when unknown (the algorithm
 *               then falls back to round robin, as HAProxy does for non-IP clients)
 * @param avoid  a server not to choose if any other will do (the one a redispatch leaves);
 *               {@code null} for none
 */
public record PickContext(InetAddress client, Server avoid) {
    private static final PickContext NONE = new PickContext(null, null);

    /** No client address, nothing to avoid. */
    public static PickContext none() {
        return NONE;
    }

    public static PickContext of(InetAddress client) {
        return new PickContext(client, null);
    }

    /** The same context, avoiding {@code server} (redispatch). */
    public PickContext avoiding(Server server) {
        return new PickContext(client, server);
    }
}
