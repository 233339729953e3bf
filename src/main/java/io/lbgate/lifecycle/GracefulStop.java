package io.lbgate.lifecycle;

import io.lbgate.config.GlobalSettings;
import io.lbgate.dataplane.DataPlane;
import java.time.Duration;
import java.util.Objects;
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
 * <li>for {@code grace} the frontends keep accepting, as HAProxy 2.6 does, so that clients are
 * served until the traffic has moved. When {@code grace} is not set, a node that holds a keepalived
 * VIP ({@link HandOver}) keeps accepting until keepalived has moved the VIP away, plus a short
 * margin, at most {@link HandOver#maximum()}; any other node waits 0, as HAProxy does;</li>
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
    private volatile HandOver handOver = HandOver.NONE;
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
        if (grace == null) {
            awaitHandOver(handOver);
        } else if (!grace.isZero() && !grace.isNegative()) {
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

    /**
     * Who must move traffic away from this node before its listeners close when {@code grace} is not
     * set (the pair package: keepalived's VIP). Set once at start; {@link HandOver#NONE} by default.
     */
    public void handOverWith(HandOver handOver) {
        this.handOver = Objects.requireNonNull(handOver, "handOver");
    }

    /**
     * The default grace of a node behind a VIP: keep accepting while this node still holds the
     * traffic (keepalived has not yet moved the VIP: it sees readiness false at its next check and
     * the peer takes over), then for {@link HandOver#margin()}, at most {@link HandOver#maximum()} in
     * all. A node that does not hold the traffic stops accepting at once, as with {@code grace 0}.
     */
    private void awaitHandOver(HandOver handOver) {
        if (!handOver.holdsTraffic()) {
            return;
        }
        Duration maximum = handOver.maximum();
        log.info("{}: keeping accepting until the traffic has moved to the peer (at most {} ms; no grace set)",
                handOver.describe(), maximum.toMillis());
        long start = System.nanoTime();
        long end = start + maximum.toNanos();
        while (handOver.holdsTraffic()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                log.warn("Still {} after {} ms (keepalived reported no other role): proceeding with soft-stop now",
                        handOver.describe(), maximum.toMillis());
                return;
            }
            if (hurried(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)))) {
                return;
            }
        }
        long moved = System.nanoTime();
        log.info("{} after {} ms; still accepting for {} ms", handOver.describe(),
                TimeUnit.NANOSECONDS.toMillis(moved - start), handOver.margin().toMillis());
        hurried(Math.max(0, Math.min(handOver.margin().toNanos(), end - moved)));
    }

    /**
     * Something in front of this node that sends it traffic and must move it away during a stop
     * (keepalived's VIP, told by its notify script). Read from the stop's own thread.
     */
    public interface HandOver {
        /** No such thing: a stop without {@code grace} stops accepting at once. */
        HandOver NONE = new HandOver() {
            @Override
            public boolean holdsTraffic() {
                return false;
            }

            @Override
            public Duration margin() {
                return Duration.ZERO;
            }

            @Override
            public Duration maximum() {
                return Duration.ZERO;
            }

            @Override
            public String describe() {
                return "no hand-over";
            }
        };

        /** Whether clients' traffic still arrives here (this node holds the VIP). */
        boolean holdsTraffic();

        /** How long to keep accepting once the traffic has moved, for connections already on their way. */
        Duration margin();

        /** The longest the whole wait may take, margin included. */
        Duration maximum();

        /** Where the traffic is, in the log's words ("VRRP MASTER of VI_1", "VIP moved"). */
        String describe();
    }
}
