package io.lbgate.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic counters a frontend, a backend and a server share (HAProxy's {@code fe_counters} /
 * {@code be_counters}); the stats page reads them, the data plane writes them.
 *
 * <p>Lock-free on purpose: several event loops update the same backend at once. Monotonic totals are
 * {@link LongAdder}s (no contention on a hot cache line); current values that must also be read
 * exactly and compared with a maximum are {@link AtomicLong}s. A reader may see a maximum updated a
 * moment after the current value it covers; never a maximum below a value it already observed.
 */
public final class Counters {
    /** Response classes, indexed by {@link #responses(int)}: 1xx..5xx, then anything else. */
    public static final int OTHER = 0;

    private final Clock clock;

    private final AtomicLong currentSessions = new AtomicLong();
    private final AtomicLong maxSessions = new AtomicLong();
    private final LongAdder totalSessions = new LongAdder();
    private final LongAdder selections = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] responses = new LongAdder[6];
    private final LongAdder requestErrors = new LongAdder();
    private final LongAdder connectionErrors = new LongAdder();
    private final LongAdder responseErrors = new LongAdder();
    private final LongAdder clientAborts = new LongAdder();
    private final LongAdder serverAborts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder redispatches = new LongAdder();
    private final AtomicLong currentQueue = new AtomicLong();
    private final AtomicLong maxQueue = new AtomicLong();
    private volatile long lastSessionMillis = -1;
    private final PerSecond sessionRate = new PerSecond();
    private final PerSecond requestRate = new PerSecond();

    Counters(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < responses.length; i++) {
            responses[i] = new LongAdder();
        }
    }

    // ---- writers (hot path) ----

    /** A session (connection or request, depending on the mode) was assigned here. */
    public void sessionStarted() {
        counted(currentSessions.incrementAndGet());
    }

    /**
     * As {@link #sessionStarted()}, but only while fewer than {@code limit} sessions are current
     * (0 = no limit). Testing and incrementing are one compare-and-set, so that two event loops
     * seeing the last free slot at once cannot both take it.
     *
     * @return whether the session was counted; nothing changes when it was not
     */
    boolean tryStartSession(int limit) {
        long current;
        do {
            current = currentSessions.get();
            if (limit > 0 && current >= limit) {
                return false;
            }
        } while (!currentSessions.compareAndSet(current, current + 1));
        counted(current + 1);
        return true;
    }

    private void counted(long current) {
        raise(maxSessions, current);
        totalSessions.increment();
        long now = clock.millis();
        lastSessionMillis = now;
        sessionRate.increment(now);
    }

    /**
     * Another connection attempt of a session already counted here, after a failed one on the same
     * server: HAProxy counts each attempt as a session of the server (CSV {@code stot}) while the
     * balancer chose it once ({@code lbtot}). The slot stays taken.
     */
    public void anotherAttempt() {
        totalSessions.increment();
    }

    /** The balancer chose this server (CSV {@code lbtot}), whether or not a session followed. */
    public void selected() {
        selections.increment();
    }

    /** The session that {@link #sessionStarted()} counted is over, whatever the outcome. */
    public void sessionEnded() {
        currentSessions.decrementAndGet();
    }

    /** One HTTP request was received (frontend) or forwarded (backend, server). */
    public void requestForwarded() {
        requests.increment();
        requestRate.increment(clock.millis());
    }

    public void addBytesIn(long n) {
        bytesIn.add(n);
    }

    public void addBytesOut(long n) {
        bytesOut.add(n);
    }

    /** Counts a response by its class; a status outside 100..599 counts as "other". */
    public void responseReceived(int status) {
        responses[status >= 100 && status < 600 ? status / 100 : OTHER].increment();
    }

    public void requestError() {
        requestErrors.increment();
    }

    public void connectionError() {
        connectionErrors.increment();
    }

    public void responseError() {
        responseErrors.increment();
    }

    /** The client cut a transfer in progress (CSV {@code cli_abrt}). */
    public void clientAborted() {
        clientAborts.increment();
    }

    /** The server cut a transfer in progress (CSV {@code srv_abrt}). */
    public void serverAborted() {
        serverAborts.increment();
    }

    public void retried() {
        retries.increment();
    }

    public void redispatched() {
        redispatches.increment();
    }

    /** A request starts waiting for a free slot. */
    public void enqueued() {
        raise(maxQueue, currentQueue.incrementAndGet());
    }

    /** A request left the queue: served, timed out or cancelled. */
    public void dequeued() {
        currentQueue.decrementAndGet();
    }

    // ---- readers ----

    public long currentSessions() {
        return currentSessions.get();
    }

    public long maxSessions() {
        return maxSessions.get();
    }

    /** Times the balancer chose this server (CSV {@code lbtot}). */
    public long selections() {
        return selections.sum();
    }

    public long totalSessions() {
        return totalSessions.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /**
     * Responses of one class: {@code 1}..{@code 5} for 1xx..5xx, {@link #OTHER} for the rest.
     */
    public long responses(int statusClass) {
        if (statusClass < 0 || statusClass > 5) {
            throw new IllegalArgumentException("statusClass: " + statusClass + " (expected: 0..5)");
        }
        return responses[statusClass].sum();
    }

    public long requestErrors() {
        return requestErrors.sum();
    }

    public long connectionErrors() {
        return connectionErrors.sum();
    }

    public long clientAborts() {
        return clientAborts.sum();
    }

    public long serverAborts() {
        return serverAborts.sum();
    }

    public long responseErrors() {
        return responseErrors.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long redispatches() {
        return redispatches.sum();
    }

    public long currentQueue() {
        return currentQueue.get();
    }

    public long maxQueue() {
        return maxQueue.get();
    }

    /** When the last session started here; {@code null} if none did (CSV {@code lastsess} = -1). */
    public Instant lastSession() {
        long t = lastSessionMillis;
        return t < 0 ? null : Instant.ofEpochMilli(t);
    }

    /** Sessions started over the last second (CSV {@code rate}, the page's "Session rate Cur"). */
    public long sessionRate() {
        return sessionRate.rate(clock.millis());
    }

    /** The highest {@link #sessionRate()} seen (CSV {@code rate_max}). */
    public long maxSessionRate() {
        return sessionRate.max();
    }

    /** Requests over the last second (CSV {@code req_rate}). */
    public long requestRate() {
        return requestRate.rate(clock.millis());
    }

    /** The highest {@link #requestRate()} seen (CSV {@code req_rate_max}). */
    public long maxRequestRate() {
        return requestRate.max();
    }

    /**
     * A counter of events per second that needs no lock and no timer, like HAProxy's
     * {@code freq_ctr}: the count of the current second plus the previous second's count weighted
     * by the part of it still inside the last 1000 ms. Two threads crossing a second boundary at
     * once may lose a handful of events to the rotation; a rate shown to an operator tolerates
     * that, a lock on every session start would not be worth it.
     */
    private static final class PerSecond {
        private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong current = new AtomicLong();
        private final AtomicLong previous = new AtomicLong();
        private final AtomicLong max = new AtomicLong();

        void increment(long nowMillis) {
            rotate(nowMillis / 1000);
            long count = current.incrementAndGet();
            raise(max, count);
        }

        long rate(long nowMillis) {
            long now = nowMillis / 1000;
            long s = second.get();
            long intoSecond = nowMillis % 1000;
            if (now == s) {
                return current.get() + previous.get() * (1000 - intoSecond) / 1000;
            }
            if (now == s + 1) {
                return current.get() * (1000 - intoSecond) / 1000;
            }
            return 0;
        }

        long max() {
            return max.get();
        }

        private void rotate(long now) {
            long s = second.get();
            if (now != s && second.compareAndSet(s, now)) {
                long last = current.getAndSet(0);
                previous.set(now == s + 1 ? last : 0);
            }
        }
    }

    /** Raises {@code max} to {@code value}; the CAS loop runs only while a new maximum is being set. */
    private static void raise(AtomicLong max, long value) {
        long m = max.get();
        while (value > m && !max.compareAndSet(m, value)) {
            m = max.get();
        }
    }
}
