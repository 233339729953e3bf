package io.lbgate.proxy.backend;

import io.lbgate.registry.Backend;
import io.lbgate.registry.Server;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams waiting for a server slot ({@code maxconn}), HAProxy's {@code queue.c}: one queue for
 * the backend and one per server. A stream that any server may take waits in the backend's queue
 * (CSV BACKEND {@code qcur}); a stream that belongs to one server (a hash-based algorithm chose it)
 * waits in that server's queue, which {@code maxqueue} bounds (CSV server {@code qcur}). A slot
 * freed on a server goes to the oldest of its own waiters and the backend's.
 *
 * <p>Thread-safe, shared by every frontend that uses the backend; the lock is only taken when some
 * stream waits or queues, so a backend without {@code maxconn} never touches it.
 */
public final class BackendQueue {
    private final Backend backend;
    private final ArrayDeque<Entry> backendWaiters = new ArrayDeque<>();
    private final Map<Server, ArrayDeque<Entry>> serverWaiters = new HashMap<>();
    /** Waiters in all queues; read without the lock for the common empty case. */
    private volatile int size;
    /** Waiters in the backend's queue, read without the lock by new streams that keep its order. */
    private volatile int backendSize;
    private long sequence; // guarded by this

    /** A waiting stream. Both callbacks may come from any thread; the stream hops to its own loop. */
    interface Waiter {
        /** A slot freed: the stream may pick a server again (it was in the backend's queue). */
        void pickAgain();

        /**
         * A slot of {@code server} was taken for this stream (it waited in that server's queue); it
         * must end that session if it no longer wants it.
         */
        void slotGiven(Server server);
    }

    private record Entry(Waiter waiter, long sequence) {
    }

    public BackendQueue(Backend backend) {
        this.backend = backend;
    }

    /** Whether streams wait in the backend's queue: a new stream then queues behind them. */
    boolean hasBackendWaiters() {
        return backendSize > 0;
    }

    /** Queues {@code waiter} for any server; returns its 1-based position (the log's {@code %bq}). */
    synchronized long enqueue(Waiter waiter) {
        backendWaiters.add(new Entry(waiter, sequence++));
        backendSize = backendWaiters.size();
        size++;
        backend.counters().enqueued();
        return backendWaiters.size();
    }

    /**
     * Queues {@code waiter} for {@code server}; returns its 1-based position (the log's
     * {@code %sq}), or 0 when the server's {@code maxqueue} is reached (nothing queued).
     */
    synchronized long enqueue(Waiter waiter, Server server) {
        ArrayDeque<Entry> queue = serverWaiters.computeIfAbsent(server, s -> new ArrayDeque<>());
        int maxqueue = server.config().maxqueue();
        if (maxqueue > 0 && queue.size() >= maxqueue) {
            return 0;
        }
        queue.add(new Entry(waiter, sequence++));
        size++;
        server.counters().enqueued();
        return queue.size();
    }

    /** Takes {@code waiter} out of whichever queue holds it (timeout, client gone); false if it left. */
    synchronized boolean remove(Waiter waiter) {
        if (removeFrom(backendWaiters, waiter)) {
            backendSize = backendWaiters.size();
            backend.counters().dequeued();
            return true;
        }
        for (Map.Entry<Server, ArrayDeque<Entry>> e : serverWaiters.entrySet()) {
            if (removeFrom(e.getValue(), waiter)) {
                e.getKey().counters().dequeued();
                return true;
            }
        }
        return false;
    }

    private boolean removeFrom(ArrayDeque<Entry> queue, Waiter waiter) {
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            if (it.next().waiter() == waiter) {
                it.remove();
                size--;
                return true;
            }
        }
        return false;
    }

    /** A woken waiter of the backend's queue was gone: the next one is woken instead. */
    void passOn() {
        Entry next;
        synchronized (this) {
            next = backendWaiters.poll();
            if (next == null) {
                return;
            }
            backendSize = backendWaiters.size();
            size--;
            backend.counters().dequeued();
        }
        next.waiter().pickAgain();
    }

    /**
     * A session of {@code server} ended (or a stream left it): the oldest waiter of the server's
     * queue gets its slot directly, or the oldest of the backend's queue picks again, whichever
     * waited longer. Call it after every {@link Server#sessionEnded()} of a stream.
     */
    void slotFreed(Server server) {
        if (size == 0) {
            return; // the common case, without the lock
        }
        Entry served;
        boolean ownQueue;
        synchronized (this) {
            ArrayDeque<Entry> own = serverWaiters.get(server);
            Entry mine = own == null ? null : own.peek();
            Entry any = backendWaiters.peek();
            ownQueue = mine != null && (any == null || mine.sequence() < any.sequence());
            if (ownQueue) {
                if (!server.tryStartSession()) {
                    return; // another stream took the slot first; the next release serves this one
                }
                own.poll();
                server.counters().dequeued();
                served = mine;
            } else if (any != null) {
                backendWaiters.poll();
                backendSize = backendWaiters.size();
                backend.counters().dequeued();
                served = any;
            } else {
                return;
            }
            size--;
        }
        if (ownQueue) {
            served.waiter().slotGiven(server);
        } else {
            served.waiter().pickAgain();
        }
    }
}
