package io.lbgate.proxy;

/**
 * One data-plane frontend of one configuration. Its listening sockets belong to {@link Binds}; a
 * reload replaces the frontend and hands the sockets on, and the old one finishes its connections.
 * Lifecycle: {@link #start} → {@link #stopAccepting} → {@link #softStop} → (no
 * {@link #liveConnections()} left, or {@link #closeConnections()} at the deadline) → {@link #release()}.
 */
public interface ListeningFrontend {

    /** Takes over the sockets of every bind address, which {@link Binds#openAll} opened beforehand. */
    void start(Binds binds);

    /**
     * Gives its sockets up: to the next configuration's frontend if one took them already,
     * otherwise they stop accepting. Established connections go on.
     */
    void stopAccepting();

    /**
     * Asks every live connection to finish ({@link SoftStop}): HTTP connections close between
     * requests; TCP sessions run until they end.
     */
    void softStop();

    /** Client connections still open. */
    int liveConnections();

    /** Closes every client connection still open: the end of a stop's or a reload's deadline. */
    void closeConnections();

    /** Frees what its connections shared (idle server connections, its maxconn gate); call last. */
    void release();

    String name();
}
