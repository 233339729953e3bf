package io.lbgate.lifecycle;

import io.lbgate.config.GlobalSettings;
import io.lbgate.dataplane.DataPlane;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop that SIGTERM ({@code docker stop}, Kubernetes) and SIGUSR1 (HAProxy's soft stop) begin:
 *
 * <ol>
 * <li>readiness turns false at once ({@link DataPlane#markStopping()}), so keepalived or a load
 * balancer in front moves traffic away;</li>
 * <li>for {@code grace} (0 unless set) the frontends keep accepting, as HAProxy 2.6 does, so that
 * clients are served until the traffic has moved;</li>
 * <li>the listening sockets close (new connections are refused) and every connection is asked to
 * finish: HTTP connections close between requests, TCP sessions run on;</li>
 * <li>once no connection is left, or after {@code hard-stop-after} (25 s when unset), or at a second
 * signal, what is left is closed and the process exits 0.</li>
 * </ol>
 */
public final class GracefulStop {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);
    private static final long POLL_MILLIS = 50;

    /** Where a stop is. Only forward. */
    enum Phase { SERVING, GRACE, DRAINING, ENDING }

    private final DataPlane dataPlane;
    private final Supplier<GlobalSettings> settings;
    private final Runnable exit;
    private final CountDownLatch hurry = new CountDownLatch(1);
    private Phase phase = Phase.SERVING; // guarded by this

    /**
     * @param settings the running configuration's global section, read when the stop begins
     * @param exit     closes the application and ends the process with status 0
     */
    public GracefulStop(DataPlane dataPlane, Supplier<GlobalSettings> settings, Runnable exit) {
        this.dataPlane = dataPlane;
        this.settings = settings;
        this.exit = exit;
    }

    /**
     * A stop signal ({@code SIGTERM}, {@code SIGUSR1}). The first begins the stop on a thread of its
     * own and returns; a later one ends the grace or the drain now.
     */
    public synchronized void signal(String signal) {
        if (phase == Phase.SERVING) {
            phase = Phase.GRACE;
            dataPlane.markStopping();
            log.info("{} received: stopping; readiness is now false", signal);
            Thread stopper = new Thread(this::run, "lbgate-stop");
            stopper.start();
            return;
        }
        log.warn("{} received again: ending what is left now", signal);
        hurry.countDown();
    }

    synchronized Phase phase() {
        return phase;
    }

    private void run() {
        GlobalSettings global = settings.get();
        Duration grace = global.grace();
        if (!grace.isZero() && !grace.isNegative()) {
            // HAProxy's words for the same wait.
            log.info("Scheduling a soft-stop in {} ms.", grace.toMillis());
            if (!hurried(grace.toNanos())) {
                log.info("Grace period expired, proceeding with soft-stop now.");
            }
        }
        enter(Phase.DRAINING);
        dataPlane.stopAccepting();
        Duration deadline = global.stopDeadline();
        int live = dataPlane.liveConnections();
        if (live > 0) {
            log.info("Listeners closed; waiting up to {} s for {} connection(s) in flight",
                    deadline.toMillis() / 1000.0, live);
        }
        long end = System.nanoTime() + deadline.toNanos();
        boolean hurried = false;
        while ((live = dataPlane.liveConnections()) > 0 && !hurried) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            hurried = hurried(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
        }
        enter(Phase.ENDING);
        if (live > 0) {
            log.warn("Closing {} connection(s) still open ({})", live,
                    hurried ? "second stop signal" : "hard-stop-after " + deadline.toMillis() + " ms");
            dataPlane.closeConnections();
        } else {
            log.info("Every connection finished; exiting");
        }
        exit.run();
    }

    /** Waits up to {@code nanos}; whether a second signal cut the wait short. */
    private boolean hurried(long nanos) {
        try {
            return hurry.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private synchronized void enter(Phase next) {
        phase = next;
    }
}
