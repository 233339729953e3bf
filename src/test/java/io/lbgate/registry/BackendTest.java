package io.lbgate.registry;

import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.registry.PickContext;
import io.lbgate.config.Algorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link Backend#pick}: the balancer's choice with its session started, never past a server's maxconn. */
class BackendTest {
    private static final int THREADS = 8;
    private static final int PICKS_PER_THREAD = 50_000;

    @Test
    void pickStartsTheSessionOnTheServerItReturns() {
        Backend backend = TestConfigs.backend(Algorithm.ROUNDROBIN, false, server("s1").maxconn(1));
        Server s1 = backend.servers().get(0);

        assertThat(backend.pick(PickContext.none())).isSameAs(s1);
        assertThat(s1.counters().currentSessions()).isEqualTo(1);
        assertThat(s1.counters().totalSessions()).isEqualTo(1);
        assertThat(backend.pick(PickContext.none())).as("full").isNull();
        assertThat(s1.counters().totalSessions()).isEqualTo(1);

        s1.sessionEnded();
        assertThat(backend.pick(PickContext.none())).isSameAs(s1);
    }

    /** A redispatch that is given its own server back keeps its session instead of taking a second. */
    @Test
    void theHeldServerChosenAgainGetsNoSecondSession() {
        Backend backend = TestConfigs.backend(Algorithm.ROUNDROBIN, false, server("s1"));
        Server s1 = backend.pick(PickContext.none());

        assertThat(backend.pick(PickContext.none().avoiding(s1), s1)).isSameAs(s1);
        assertThat(s1.counters().currentSessions()).isEqualTo(1);
        assertThat(s1.counters().totalSessions()).isEqualTo(1);
    }

    @Test
    void aLastSlotPickedByTwoLoopsAtOnceGoesToOne() throws Exception {
        Backend backend = TestConfigs.backend(Algorithm.ROUNDROBIN, false, server("s1").maxconn(1));

        pickFromManyThreads(backend);
    }

    /** Fewer slots (6) than threads (8), so that the servers are often full. */
    @Test
    void serversWithSeveralSlotsAreNeverOverfilled() throws Exception {
        Backend backend = TestConfigs.backend(Algorithm.LEASTCONN, false, server("s1").maxconn(3),
                server("s2").maxconn(3));

        pickFromManyThreads(backend);
    }

    /**
     * Threads pick, hold the session a moment and end it, as event loops do. Each counts the
     * sessions it holds per server while holding them, so a slot given twice shows in that count
     * as well as in the server's own maximum (smax).
     */
    private static void pickFromManyThreads(Backend backend) throws Exception {
        List<Server> servers = backend.servers();
        AtomicIntegerArray inUse = new AtomicIntegerArray(servers.size());
        AtomicIntegerArray mostInUse = new AtomicIntegerArray(servers.size());
        AtomicLong picked = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PICKS_PER_THREAD; i++) {
                        Server s = backend.pick(PickContext.none());
                        if (s == null) {
                            continue; // every slot taken: the data plane would queue
                        }
                        int index = s.id() - 1;
                        int held = inUse.incrementAndGet(index);
                        mostInUse.accumulateAndGet(index, held, Math::max);
                        inUse.decrementAndGet(index);
                        s.sessionEnded();
                        picked.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> thread : threads) {
                thread.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long started = 0;
        for (Server s : servers) {
            int maxconn = s.config().maxconn();
            assertThat(mostInUse.get(s.id() - 1)).as(s + " held at once").isBetween(1, maxconn);
            assertThat(s.counters().maxSessions()).as(s + " smax").isBetween(1L, (long) maxconn);
            assertThat(s.counters().currentSessions()).as(s + " scur").isZero();
            started += s.counters().totalSessions();
        }
        assertThat(started).as("stot: one per pick, none for a lost race").isEqualTo(picked.get());
    }
}
