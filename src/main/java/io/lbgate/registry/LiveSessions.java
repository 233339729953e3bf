package io.lbgate.registry;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;

/**
 * The sessions a server is serving right now, as handles the data plane registers when a session
 * starts and removes when it ends, so that {@code on-marked-down shutdown-sessions} can cut them
 * when the server goes DOWN (facts §4.6).
 *
 * <p>A handle is the client-side {@link Channel} of the session (closing it cuts the client
 * without any response, as HAProxy's stream shutdown does, and the session's own cleanup then
 * runs), or any {@link Disposable} that ends it. Closing is asynchronous (Netty closes a channel
 * on its own event loop), so {@link #closeAll()} never blocks.
 */
public final class LiveSessions {
    private final Set<Object> sessions = ConcurrentHashMap.newKeySet();

    LiveSessions() {
    }

    /** Call when a session starts; pair it with {@link #remove(Channel)} on every ending path. */
    public void add(Channel clientChannel) {
        if (clientChannel != null) {
            sessions.add(clientChannel);
        }
    }

    /** Call when the session ends, whatever the outcome; removing twice is harmless. */
    public void remove(Channel clientChannel) {
        if (clientChannel != null) {
            sessions.remove(clientChannel);
        }
    }

    /** A session ended by disposing {@code session}; pair it with {@link #remove(Disposable)}. */
    public void add(Disposable session) {
        if (session != null) {
            sessions.add(session);
        }
    }

    public void remove(Disposable session) {
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
        for (Object session : sessions) {
            if (sessions.remove(session)) {
                if (session instanceof Channel channel) {
                    channel.close();
                } else {
                    ((Disposable) session).dispose();
                }
                closed++;
            }
        }
        return closed;
    }
}
