package io.lbgate.proxy.backend;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.Timeouts;
import io.lbgate.registry.Backend;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link BackendStream}s of one frontend need to know about its backend, computed once
 * when the frontend starts: the same for HTTP requests and TCP sessions.
 *
 * @param backend            the backend every stream of the frontend goes to
 * @param queue              its queue, shared by every frontend that uses the backend
 * @param retries            {@code retries}: connection attempts after the first that failed
 * @param redispatchInterval {@code option redispatch [<interval>]}: 0 off; N &gt; 0 every Nth retry
 *                           moves to another server; -N the Nth retry before the last (default -1:
 *                           the last one)
 * @param connectMillis      {@code timeout connect}; 0 for the system's own
 * @param queueMillis        {@code timeout queue} (falls back to connect); 0 for none
 * @param hashBased          the algorithm maps a client to one server ({@code source}): a full
 *                           server is waited for in its own queue, and a failed attempt does not
 *                           move to another server at once
 */
public record BackendPolicy(
        Backend backend,
        BackendQueue queue,
        int retries,
        int redispatchInterval,
        long connectMillis,
        long queueMillis,
        boolean hashBased) {

    /** HAProxy waits this long at most before trying a refusing server again. */
    static final long MAX_TURN_AROUND_MILLIS = 1000;

    public BackendPolicy {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(queue, "queue");
    }

    public static BackendPolicy of(Backend backend, BackendQueue queue) {
        BackendConfig config = backend.config();
        Timeouts timeouts = config.timeouts();
        return new BackendPolicy(backend, queue, config.retries(), config.redispatchInterval(),
                millis(timeouts.connect()), millis(timeouts.effectiveQueue()), config.balance() == Algorithm.SOURCE);
    }

    /** The pause before another attempt on a server that refused: min(timeout connect, 1 s). */
    long turnAroundMillis() {
        return connectMillis == 0 ? MAX_TURN_AROUND_MILLIS : Math.min(connectMillis, MAX_TURN_AROUND_MILLIS);
    }

    private static long millis(Duration d) {
        return d == null ? 0 : Math.max(1, d.toMillis());
    }
}
