package io.lbgate.balance;

import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.registry.TestConfigs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers of one backend change state at the same moment on two threads (a health check and an
 * admin action): whatever the interleaving, the balancer must end up with the servers' final
 * states, never with a list computed before the other change and published after it.
 */
class BalancerSnapshotRaceTest {
    private static final int ROUNDS = 3000;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void concurrentChangesNeverLeaveAStaleCandidateList(Algorithm algorithm) throws Exception {
        Registry registry = TestConfigs.registry(algorithm, false, TestConfigs.server("a"), TestConfigs.server("b"));
        Backend backend = registry.backends().get(0);
        Server a = backend.servers().get(0);
        Server b = backend.servers().get(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                both(pool, registry, a, b, AdminState.MAINT);
                assertThat(backend.pick(PickContext.none())).as("round %d: both in MAINT", round).isNull();
                both(pool, registry, a, b, AdminState.READY);
                Server picked = backend.pick(PickContext.none());
                assertThat(picked).as("round %d: both READY", round).isNotNull();
                picked.sessionEnded();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void both(ExecutorService pool, Registry registry, Server a, Server b, AdminState state)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> one = pool.submit(() -> {
            start.await();
            registry.setAdminState(a, state, "race test");
            return null;
        });
        Future<?> other = pool.submit(() -> {
            start.await();
            registry.setAdminState(b, state, "race test");
            return null;
        });
        one.get(5, TimeUnit.SECONDS);
        other.get(5, TimeUnit.SECONDS);
    }
}
