package io.lbgate.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;

/**
 * The sessions a server is serving right now, as handles the data plane registers when a session
 * starts and removes when it ends, so that {@code on-marked-down shutdown-sessions} can close them
 * when the server goes DOWN (facts §4.6).
 *
 * <p>A handle is whatever closes the session: the client {@code Connection} of a TCP session or of
 * an HTTP exchange. Closing is asynchronous (Netty closes a channel on its own event loop), so
 * {@link #closeAll()} never blocks and may be called under a lock; each session's own cleanup then
 * runs and removes its handle.
 */
public final class LiveSessions {
    private final Set<Disposable> sessions = ConcurrentHashMap.newKeySet();

    LiveSessions() {
    }

    /** Call when a session starts; pair it with {@link #remove} on every ending path. */
    public void add(Disposable session) {
        if (session != null) {
            sessions.add(session);
        }
    }

    /** Call when the session ends, whatever the outcome; removing twice is harmless. */
    public void remove(Disposable session) {
        if (session != null) {
            sessions.remove(session);
        }
    }

    /** Sessions registered and not yet removed. */
    public int size() {
        return sessions.size();
    }

    /** Closes every registered session and forgets it; returns how many were closed. */
    public int closeAll() {
        int closed = 0;
        for (Disposable session : sessions) {
            if (sessions.remove(session)) {
                session.dispose();
                closed++;
            }
        }
        return closed;
    }
}
