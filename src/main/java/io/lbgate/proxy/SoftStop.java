package io.lbgate.proxy;

/**
 * The Netty user event that asks a client connection to finish: fired into every live client
 * connection of an HTTP frontend when the process stops or a reload replaces the frontend. An HTTP
 * connection closes between requests, as HAProxy's old process does: at once when idle, after its
 * current response when busy. TCP sessions ignore it and run until they end or the stop deadline
 * ({@code hard-stop-after}) closes them.
 */
public final class SoftStop {
    /** The one instance; compare with {@code ==}. */
    public static final SoftStop INSTANCE = new SoftStop();

    /**
     * How long a connection that looks idle must stay silent before it is closed. A keep-alive client
     * under load sends its next request right after a response: closing the connection at that
     * moment would lose the request already on the wire (the client sees a reset). Waiting this long
     * with no byte from the client tells a truly idle connection from one between two requests.
     */
    public static final long QUIET_MILLIS = 200;

    private SoftStop() {
    }

    @Override
    public String toString() {
        return "SoftStop";
    }
}
