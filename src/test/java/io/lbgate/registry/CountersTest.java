package io.lbgate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void concurrentUpdatesAreExact() throws Exception {
        Counters c = new Counters(Clock.systemUTC());
        int threads = 4;
        int perThread = 100_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        c.sessionStarted();
                        c.addBytesIn(3);
                        c.responseReceived(200 + i % 400);
                        c.sessionEnded();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long total = (long) threads * perThread;
        assertThat(c.totalSessions()).isEqualTo(total);
        assertThat(c.currentSessions()).isZero();
        assertThat(c.maxSessions()).isBetween(1L, (long) threads);
        assertThat(c.bytesIn()).isEqualTo(3 * total);
        assertThat(c.responses(2) + c.responses(3) + c.responses(4) + c.responses(5)).isEqualTo(total);
        assertThat(c.lastSession()).isNotNull();
    }

    @Test
    void maxFollowsCurrent() {
        Counters c = new Counters(Clock.systemUTC());
        c.sessionStarted();
        c.sessionStarted();
        c.sessionEnded();
        c.sessionStarted();
        c.sessionStarted();

        assertThat(c.currentSessions()).isEqualTo(3);
        assertThat(c.maxSessions()).isEqualTo(3);
        assertThat(c.totalSessions()).isEqualTo(4);
    }

    @Test
    void responsesByClass() {
        Counters c = new Counters(Clock.systemUTC());
        c.responseReceived(101);
        c.responseReceived(503);
        c.responseReceived(503);
        c.responseReceived(99);
        c.responseReceived(600);

        assertThat(c.responses(1)).isEqualTo(1);
        assertThat(c.responses(5)).isEqualTo(2);
        assertThat(c.responses(Counters.OTHER)).isEqualTo(2);
    }

    @Test
    void queueCurrentAndMax() {
        Counters c = new Counters(Clock.systemUTC());
        c.enqueued();
        c.enqueued();
        c.dequeued();

        assertThat(c.currentQueue()).isEqualTo(1);
        assertThat(c.maxQueue()).isEqualTo(2);
        assertThat(c.lastSession()).isNull();
    }

    @Test
    void clearMaximaRestartsMaximaFromCurrentValues() {
        Counters c = new Counters(Clock.systemUTC());
        c.sessionStarted();
        c.sessionStarted();
        c.sessionStarted();
        c.sessionEnded();
        c.enqueued();
        c.enqueued();
        c.dequeued();
        c.requestForwarded();

        c.clearMaxima();

        assertThat(c.maxSessions()).isEqualTo(2);
        assertThat(c.maxQueue()).isEqualTo(1);
        assertThat(c.maxSessionRate()).isZero();
        assertThat(c.maxRequestRate()).isZero();
        assertThat(c.totalSessions()).isEqualTo(3);
        assertThat(c.requests()).isEqualTo(1);
    }

    @Test
    void clearAllZeroesCumulativeCountersButNotCurrentOnes() {
        Counters c = new Counters(Clock.systemUTC());
        c.sessionStarted();
        c.sessionStarted();
        c.sessionEnded();
        c.addBytesIn(10);
        c.addBytesOut(20);
        c.responseReceived(503);
        c.requestError();
        c.connectionError();
        c.retried();

        c.clearAll();

        assertThat(c.currentSessions()).isEqualTo(1);
        assertThat(c.maxSessions()).isEqualTo(1);
        assertThat(c.totalSessions()).isZero();
        assertThat(c.bytesIn()).isZero();
        assertThat(c.bytesOut()).isZero();
        assertThat(c.responses(5)).isZero();
        assertThat(c.requestErrors()).isZero();
        assertThat(c.connectionErrors()).isZero();
        assertThat(c.retries()).isZero();
        assertThat(c.lastSession()).isNull();
    }
}
