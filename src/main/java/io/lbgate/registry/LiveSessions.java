package io.lbgate.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions a server is serving right now, as handles the data plane registers when a session
 * starts and removes when it ends, so that {@code on-marked-down shutdown-sessions} and the admin's
 * "kill sessions" can cut them (docs/health-checks.md).
 *
 * <p>A handle is anything that can cut its session ({@link Session}); the data plane's streams cut
 * their client connection without a response, as HAProxy's stream shutdown does, and their own
 * cleanup then runs. Cutting is asynchronous, so {@link #closeAll()} never blocks.
 */
public final class LiveSessions {
    /** One live session of a server. */
    @FunctionalInterface
    public interface Session {
        /** Cuts the session; may be called from any thread, and must not block. */
        void shutdown();
    }

    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    LiveSessions() {
    }

    /** Call when a session starts; pair it with {@link #remove} on every ending path. */
    public void add(Session session) {
        if (session != null) {
            sessions.add(session);
        }
    }

    /** Call when the session ends, whatever the outcome; removing twice is harmless. */
    public void remove(Session session) {
        if (session != null) {
            sessions.remove(session);
        }
    }

    /** Sessions registered and not yet removed. */
    public int size() {
        return sessions.size();
    }

    /** Cuts every registered session and forgets it; returns how many were cut. */
    public int closeAll() {
        int closed = 0;
        for (Session session : sessions) {
            if (sessions.remove(session)) {
                session.shutdown();
                closed++;
            }
        }
        return closed;
    }
}
