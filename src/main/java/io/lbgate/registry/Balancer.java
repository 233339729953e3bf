package io.lbgate.registry;

import io.lbgate.config.Algorithm;
import java.util.List;

/**
 * Chooses a backend's server for each new session, HAProxy's {@code balance}. One instance per
 * backend, built over all its servers (active and backup) in declaration order.
 *
 * <p>Rules every algorithm follows: only {@linkplain Server#usable() usable} servers are chosen (never
 * MAINT, DRAIN, DOWN or weight 0); backup servers only when no active server is usable, then all of
 * them with {@code allBackups}, else only the first usable one in declaration order; a server whose
 * {@code maxconn} is reached is skipped (the caller queues when nothing is left).
 *
 * <p>The registry keeps the balancer informed through the callbacks below, HAProxy's small
 * contract: a server became usable or unusable, its weight changed, a connection was taken or
 * dropped. A balancer never learns of a state change any other way, so every change to what
 * {@link Server#usable()} or {@link Server#weight()} returns must be followed by one of them.
 *
 * <p>Implementations are thread-safe: {@link #pick} is called from several event loops at once.
 */
public interface Balancer {

    /**
     * Makes the balancer of one backend; the registry is given one ({@code Balancers::create} in
     * the balance package), so that it knows the contract but no algorithm.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @param servers    a backend's, in declaration order
         * @param allBackups {@code option allbackups}: balance over every usable backup, not only the first
         */
        Balancer create(Algorithm algorithm, List<Server> servers, boolean allBackups);
    }

    Algorithm algorithm();

    /**
     * The server for a new session, or {@code null} when no server is usable or every usable one is
     * full. {@link PickContext#avoid()} is returned only when it is the one usable, non-full server.
     * {@link io.lbgate.registry.Backend#pick} then starts the session with
     * {@link Server#tryStartSession()}, which may find the server full meanwhile.
     */
    Server pick(PickContext context);

    /** Whether a weight change at run time is honoured at once (HAProxy's "dynamic" algorithms). */
    boolean dynamicWeights();

    /**
     * Something about {@code server} changed that may change what {@link #pick} returns. Every
     * algorithm here recomputes from the servers' current state (as HAProxy's do, comparing with
     * what they last saw), so a late or repeated call is harmless; the three callbacks below are
     * HAProxy's names for the cases and all end here unless an algorithm needs to tell them apart.
     */
    void serverChanged(Server server);

    /** {@code server} became usable (up, READY, weight above 0). */
    default void serverUp(Server server) {
        serverChanged(server);
    }

    /** {@code server} stopped being usable (down, DRAIN, MAINT or weight 0). */
    default void serverDown(Server server) {
        serverChanged(server);
    }

    /** {@code server}'s weight changed while its usability did not. */
    default void weightChanged(Server server) {
        serverChanged(server);
    }

    /** A session was assigned to {@code server}. */
    default void connectionTaken(Server server) {
    }

    /** A session of {@code server} ended. */
    default void connectionDropped(Server server) {
    }
}
