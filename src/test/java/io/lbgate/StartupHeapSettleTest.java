package io.lbgate;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.junit.jupiter.api.Test;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up settle on this test JVM (G1, no heap flags given): the free ratios it sets, and the
 * one concurrent cycle it has G1 start, after which G1's periodic collection is off again.
 */
class StartupHeapSettleTest {

    @Test
    void setsTheFreeRatiosTheOperatorLeftAlone() {
        ManageableFlags flags = ManageableFlags.platform().orElseThrow();
        // Not given on this JVM's command line; a Spring context test in the same JVM may have set
        // them already (then they count as given, and must still be the settle's values).
        assumeThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .as("free ratios given to the test JVM").noneMatch(a -> a.contains("HeapFreeRatio"));

        StartupHeapSettle.followLiveSet(flags);

        assertThat(flags.value(StartupHeapSettle.MIN_FREE)).contains("10");
        assertThat(flags.value(StartupHeapSettle.MAX_FREE)).contains("40");
        // Set now, so a second context in this JVM counts them as given and leaves them.
        assertThat(flags.given(StartupHeapSettle.MAX_FREE)).isTrue();
    }

    @Test
    void aFlagFromTheCommandLineCountsAsGivenAndADefaultDoesNot() {
        ManageableFlags flags = ManageableFlags.platform().orElseThrow();
        // surefire starts this JVM with -Dio.netty..., not with any of these
        assertThat(flags.given("HeapDumpOnOutOfMemoryError")).isFalse();
        assertThat(flags.given("NoSuchFlagAtAll")).isTrue(); // unknown: never touched
        assertThat(flags.set("NoSuchFlagAtAll", "1")).isFalse();
        assertThat(flags.set("UseG1GC", "false")).as("not manageable").isFalse();
    }

    @Test
    void startsOneConcurrentCycleThenTurnsPeriodicCollectionsOffAgain() {
        ManageableFlags flags = ManageableFlags.platform().orElseThrow();
        assumeThat(flags.isTrue("UseG1GC")).as("the test JVM runs G1").isTrue();
        assumeThat(StartupHeapSettle.periodicIntervalIsOurs(flags)).as("not set for the test JVM").isTrue();
        List<String> causes = new CopyOnWriteArrayList<>();
        NotificationListener listener = (n, handback) -> causes.add(
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcCause());
        List<NotificationEmitter> emitters = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(NotificationEmitter.class::cast).toList();
        emitters.forEach(e -> e.addNotificationListener(listener, null, null));
        try {
            assertThat(StartupHeapSettle.concurrentCycle(flags)).isTrue();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(causes).contains("G1 Periodic Collection");
                assertThat(flags.value(StartupHeapSettle.PERIODIC_INTERVAL)).contains("0");
            });
            assertThat(causes).doesNotContain("System.gc()");
        } finally {
            for (NotificationEmitter e : emitters) {
                try {
                    e.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // removed already
                }
            }
        }
    }
}
