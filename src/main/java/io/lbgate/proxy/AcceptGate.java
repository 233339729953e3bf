package io.lbgate.proxy;

import io.netty.channel.Channel;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The frontend and process {@code maxconn} (docs/haproxy-behaviour.md, "Queues and maxconn"): while either is reached the frontend's
 * listeners stop accepting, so new clients wait in the kernel's listen backlog instead of being
 * refused, as HAProxy does. A few connections can still be accepted before the pause takes
 * effect; those wait here, unread, and are admitted first when a slot frees.
 */
public final class AcceptGate {
    private final ConnectionLimit frontend;
    private final ConnectionLimit process;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Runnable> parked = new ArrayDeque<>(); // guarded by this
    private final Runnable wake = this::wake;

    public AcceptGate(ConnectionLimit frontend, ConnectionLimit process) {
        this.frontend = frontend;
        this.process = process;
        frontend.onRelease(wake);
        process.onRelease(wake);
    }

    public void addListener(Channel listener) {
        listeners.add(listener);
    }

    /** The listener was handed to another frontend: this gate no longer pauses or resumes it. */
    public void removeListener(Channel listener) {
        listeners.remove(listener);
    }

    /** Stops listening for releases; the gate's frontend is gone. */
    public void close() {
        frontend.removeOnRelease(wake);
        process.removeOnRelease(wake);
    }

    /**
     * Runs {@code start} now if both limits allow one more connection, else when a slot frees.
     * {@code start} must hop to its own event loop; it may run on any thread.
     */
    public void admit(Runnable start) {
        synchronized (this) {
            if (!parked.isEmpty() || !tryAcquire()) {
                parked.add(start);
                pause();
                return;
            }
            if (frontend.isFull() || process.isFull()) {
                pause(); // the next client waits in the backlog, not in our memory
            }
        }
        start.run();
    }

    /** Gives back a slot taken by {@link #admit}. */
    public void release() {
        process.release();
        frontend.release();
    }

    private boolean tryAcquire() {
        if (!frontend.tryAcquire()) {
            return false;
        }
        if (!process.tryAcquire()) {
            frontend.undo();
            return false;
        }
        return true;
    }

    /** A slot may have freed: admit parked connections, then resume accepting if room is left. */
    private void wake() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (parked.isEmpty()) {
                    if (!frontend.isFull() && !process.isFull()) {
                        resume();
                    }
                    return;
                }
                if (!tryAcquire()) {
                    return;
                }
                next = parked.poll();
            }
            next.run();
        }
    }

    private void pause() {
        listeners.forEach(l -> l.config().setAutoRead(false));
    }

    private void resume() {
        for (Channel l : listeners) {
            if (!l.config().isAutoRead()) {
                l.config().setAutoRead(true);
            }
        }
    }
}
