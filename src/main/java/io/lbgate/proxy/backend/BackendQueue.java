package io.lbgate.proxy;

import io.lbgate.registry.Backend;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Sessions waiting for a server slot when every usable server of a backend is at its
 * {@code maxconn} (facts §5.3). Non-persistent sessions wait in the backend's queue, as HAProxy
 * does; a session that ends on one of the backend's servers hands its slot to the oldest waiter.
 * Thread-safe: shared by every TCP frontend using the backend.
 */
public final class BackendQueue {
    private final Backend backend;
    private final ConcurrentLinkedQueue<Waiter> waiting = new ConcurrentLinkedQueue<>();

    /** One queued session; {@link #retry()} hops to the session's own event loop. */
    public interface Waiter {
        void retry();
    }

    public BackendQueue(Backend backend) {
        this.backend = backend;
    }

    /** Queues {@code waiter}; returns its 1-based position (the log's {@code %bq}). */
    public long enqueue(Waiter waiter) {
        backend.counters().enqueued();
        waiting.add(waiter);
        return backend.counters().currentQueue();
    }

    /** Takes {@code waiter} out (timeout, client gone or served); false if it already left. */
    public boolean remove(Waiter waiter) {
        if (waiting.remove(waiter)) {
            backend.counters().dequeued();
            return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /**
     * A server slot freed: the oldest waiter tries to pick again. It stays counted as queued until
     * it removes itself, so a waiter that finds no slot again goes back to the end (rare: only
     * when a new session took the slot first).
     */
    public void slotFreed() {
        Waiter next = waiting.poll();
        if (next != null) {
            backend.counters().dequeued();
            next.retry();
        }
    }
}
