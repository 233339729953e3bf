package io.lbgate;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once the gateway is ready, gives back the heap that start-up needed and the running gateway does
 * not, without a stop-the-world full collection.
 *
 * <p>With {@code -Xmx128m} and no other flag the JVM starts with all 128 MiB committed, and G1 only
 * shrinks the heap at a full collection or at the end (remark) of a concurrent cycle, down to
 * {@code MaxHeapFreeRatio} free. So this
 * <ul>
 *   <li>sets the two heap free ratios to 10 % and 40 % (the JVM's defaults are 40 % and 70 %), unless
 *       the operator gave either: the committed heap then follows the live set (about 22 MiB) more
 *       closely, and so does the resident memory;</li>
 *   <li>has G1 run one concurrent cycle, the collection whose remark shrinks the heap, and that pauses
 *       the proxy only for a young collection and a remark of a few milliseconds each. Java has no
 *       call for that; G1's periodic collection is one, and its interval is a manageable flag: it is
 *       set to {@value #PERIODIC_INTERVAL_MS} ms until the cycle starts, then back to its default
 *       (off). A full collection ({@code System.gc()}, 40-45 ms on this 2-core machine) is what
 *       this did before, and what it still does when G1's periodic collection is not available
 *       (another collector, or the operator set G1's periodic collection or asked for it to be a
 *       full one).</li>
 * </ul>
 * {@code -XX:+DisableExplicitGC} turns the collection off, as it turned off the {@code System.gc()}.
 */
@Component
class StartupHeapSettle {
    private static final Logger log = LoggerFactory.getLogger(StartupHeapSettle.class);

    static final String MIN_FREE = "MinHeapFreeRatio";
    static final String MAX_FREE = "MaxHeapFreeRatio";
    static final String MIN_FREE_PERCENT = "10";
    static final String MAX_FREE_PERCENT = "40";
    static final String PERIODIC_INTERVAL = "G1PeriodicGCInterval";
    /** Short enough to find a gap between young collections under load, long enough not to spin. */
    static final long PERIODIC_INTERVAL_MS = 100;
    /** G1 checks a changed interval within a second; after this, the cycle is given up. */
    private static final long GIVE_UP_SECONDS = 30;
    private static final String PERIODIC_CAUSE = "G1 Periodic Collection";
    /** Set once this class has set the periodic interval: from then on its origin is not the operator's. */
    private static final AtomicBoolean OWN_INTERVAL = new AtomicBoolean();
    /** A cycle asked for and not started yet: a second request would lose one of the two. */
    private static final AtomicBoolean PENDING = new AtomicBoolean();

    @EventListener(ApplicationReadyEvent.class)
    void settle() {
        Optional<ManageableFlags> platform = ManageableFlags.platform();
        if (platform.isEmpty()) {
            fullCollection();
            return;
        }
        ManageableFlags flags = platform.get();
        followLiveSet(flags);
        if (flags.isTrue("DisableExplicitGC")) {
            return;
        }
        if (!concurrentCycle(flags)) {
            fullCollection();
        }
    }

    /** The free ratios, both or neither: one given alone might not accept the other's new value. */
    static void followLiveSet(ManageableFlags flags) {
        if (flags.given(MIN_FREE) || flags.given(MAX_FREE)) {
            return;
        }
        // Min first: the JVM refuses a maximum below the minimum in force (40 % by default).
        if (flags.set(MIN_FREE, MIN_FREE_PERCENT) && !flags.set(MAX_FREE, MAX_FREE_PERCENT)) {
            log.debug("The JVM kept MaxHeapFreeRatio at {}", flags.value(MAX_FREE).orElse("?"));
        }
    }

    /** Starts one concurrent cycle by G1's periodic collection; false when that is not available. */
    static boolean concurrentCycle(ManageableFlags flags) {
        if (!flags.isTrue("UseG1GC") || !flags.isTrue("G1PeriodicGCInvokesConcurrent")
                || !periodicIntervalIsOurs(flags)) {
            return false;
        }
        if (!PENDING.compareAndSet(false, true)) {
            return true; // the cycle asked for before has not started yet: it will do
        }
        List<NotificationEmitter> emitters = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(NotificationEmitter.class::isInstance).map(NotificationEmitter.class::cast).toList();
        AtomicBoolean done = new AtomicBoolean();
        long start = System.nanoTime();
        NotificationListener[] listener = new NotificationListener[1];
        Runnable restore = () -> {
            if (done.compareAndSet(false, true)) {
                flags.set(PERIODIC_INTERVAL, "0");
                PENDING.set(false);
                emitters.forEach(e -> remove(e, listener[0]));
            }
        };
        listener[0] = (Notification n, Object handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())
                    && PERIODIC_CAUSE.equals(GarbageCollectionNotificationInfo
                    .from((CompositeData) n.getUserData()).getGcCause())) {
                restore.run();
                log.debug("Start-up heap settle: concurrent cycle started {} ms after the gateway was ready",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        };
        emitters.forEach(e -> e.addNotificationListener(listener[0], null, null));
        if (!flags.set(PERIODIC_INTERVAL, Long.toString(PERIODIC_INTERVAL_MS))) {
            restore.run();
            return false;
        }
        OWN_INTERVAL.set(true);
        CompletableFuture.delayedExecutor(GIVE_UP_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (!done.get()) {
                restore.run();
                log.debug("Start-up heap settle: no concurrent cycle in {} s; given up", GIVE_UP_SECONDS);
            }
        });
        return true;
    }

    /** The operator left G1's periodic collection alone (or only this class has set it). */
    static boolean periodicIntervalIsOurs(ManageableFlags flags) {
        return !flags.given(PERIODIC_INTERVAL) || OWN_INTERVAL.get();
    }

    private static void remove(NotificationEmitter emitter, NotificationListener listener) {
        try {
            emitter.removeNotificationListener(listener);
        } catch (ListenerNotFoundException e) {
            // never added: nothing to remove
        }
    }

    private static void fullCollection() {
        long start = System.nanoTime();
        System.gc();
        log.debug("Start-up heap collected in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
