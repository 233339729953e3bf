package io.lbgate.config;

/**
 * How HTTP connections are kept, as HAProxy's {@code option http-keep-alive} (the default),
 * {@code option http-server-close} and {@code option httpclose} choose.
 */
public enum HttpConnectionMode {
    /** Client and server connections are both kept alive (server connections pooled). */
    KEEP_ALIVE,
    /** The server connection closes after each response; the client connection stays open. */
    SERVER_CLOSE,
    /** Both connections close after each response. */
    CLOSE
}
