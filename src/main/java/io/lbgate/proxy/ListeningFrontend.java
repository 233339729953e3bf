package io.lbgate.proxy;

/** One data-plane frontend, bound on all its addresses by {@link #start()}. */
public interface ListeningFrontend {

    /** Binds every address; throws if one cannot be bound (after releasing the others). */
    void start();

    /** Stops accepting and releases the listening sockets. Established connections are not cut. */
    void stop();

    String name();
}
