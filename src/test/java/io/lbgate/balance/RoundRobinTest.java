package io.lbgate.balance;

import io.lbgate.registry.PickContext;

import static io.lbgate.balance.Picks.repeat;
import static io.lbgate.balance.Picks.sequence;
import static io.lbgate.registry.TestConfigs.backend;
import static io.lbgate.registry.TestConfigs.registry;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Backend;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundRobinTest {

    /** The orders HAProxy 2.6.12 gave on a fresh process (docs/haproxy-behaviour.md, "Load balancing"), each over three cycles. */
    @ParameterizedTest(name = "weights {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1,1,1    | 1 2 3",
            "1,2,3    | 3 2 3 1 3 2",
            "10,20,30 | 3 2 3 1 3 2",
            "3,2,1    | 1 2 1 3 1 2",
            "2,1      | 1 1 2",
            "1,2      | 2 2 1",
            "3,1      | 1 1 1 2",
            "5,1,1    | 1 1 1 2 1 1 3",
            "4,3,2    | 1 2 1 3 2 1 1 2 3",
    })
    void reproducesHaproxyOrders(String weights, String cycle) {
        Backend be = backend(Algorithm.ROUNDROBIN, parse(weights));
        int length = cycle.split(" ").length;

        assertThat(sequence(be, 3 * length)).isEqualTo(repeat(cycle, 3));
    }

    private static int[] parse(String weights) {
        return java.util.Arrays.stream(weights.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void countsOverManyPicksAreProportionalToWeights() {
        Backend be = backend(Algorithm.ROUNDROBIN, 1, 2, 3, 4);

        assertThat(Picks.counts(be, 10_000)).containsExactly(1_000, 2_000, 3_000, 4_000);
    }

    @Test
    void drainMaintDownAndWeightZeroServersAreNeverPicked() {
        Registry registry = registry(Algorithm.ROUNDROBIN, false,
                server("s1"), server("s2"), server("s3").check(2, 3), server("s4"), server("s5"));
        Backend be = registry.backend("be").orElseThrow();
        registry.setAdminState(be.servers().get(0), AdminState.DRAIN, "test");
        registry.setAdminState(be.servers().get(1), AdminState.MAINT, "test");
        registry.reportCheck(be.servers().get(2), CheckResult.failed("L4CON", 0, 0, "Connection refused"));
        registry.setWeight(be.servers().get(3), 0, "test");

        assertThat(sequence(be, 4)).isEqualTo("5 5 5 5");
    }

    @Test
    void serverComingBackRejoinsTheRotation() {
        Registry registry = registry(Algorithm.ROUNDROBIN, false, server("s1"), server("s2"), server("s3"));
        Backend be = registry.backend("be").orElseThrow();
        Server s2 = be.servers().get(1);
        registry.setAdminState(s2, AdminState.MAINT, "test");
        assertThat(sequence(be, 4)).isEqualTo("1 3 1 3");

        registry.setAdminState(s2, AdminState.READY, "test");

        assertThat(Picks.counts(be, 300)).containsExactly(100, 100, 100);
    }

    @Test
    void weightChangeTakesEffectAtOnceWithoutRestartingTheCycle() {
        Registry registry = registry(Algorithm.ROUNDROBIN, false, server("s1"), server("s2"), server("s3"));
        Backend be = registry.backend("be").orElseThrow();
        assertThat(sequence(be, 2)).isEqualTo("1 2");

        registry.setWeight(be.servers().get(0), 3, "test");

        // A reset would start over with the heaviest (1 1 ...); instead 3 is still due first, then
        // s1 is repositioned at its new step as lb_fwrr does.
        assertThat(sequence(be, 5)).isEqualTo("3 1 2 1 1");
        assertThat(Picks.counts(be, 5_000)).containsExactly(3_000, 1_000, 1_000);
    }

    @Test
    void backupsServeOnlyWhenNoActiveServerIsUsableAndOnlyTheFirst() {
        Registry registry = registry(Algorithm.ROUNDROBIN, false,
                server("s1"), server("b1").backup(), server("b2").backup());
        Backend be = registry.backend("be").orElseThrow();
        assertThat(sequence(be, 2)).isEqualTo("1 1");

        registry.setAdminState(be.servers().get(0), AdminState.MAINT, "test");
        assertThat(sequence(be, 4)).isEqualTo("b1 b1 b1 b1");

        registry.setAdminState(be.servers().get(1), AdminState.MAINT, "test");
        assertThat(sequence(be, 2)).isEqualTo("b2 b2");
    }

    @Test
    void allBackupsBalancesOverEveryBackup() {
        Registry registry = registry(Algorithm.ROUNDROBIN, true,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());
        Backend be = registry.backend("be").orElseThrow();

        assertThat(sequence(be, 4)).isEqualTo("b1 b2 b1 b2");
    }

    @Test
    void nothingUsableGivesNull() {
        Registry registry = registry(Algorithm.ROUNDROBIN, false, server("s1").disabled(), server("s2").weight(0));

        assertThat(sequence(registry.backend("be").orElseThrow(), 2)).isEqualTo("- -");
    }

    @Test
    void avoidedServerIsSkippedOnceForRedispatch() {
        Backend be = backend(Algorithm.ROUNDROBIN, 1, 1, 1);
        Server s1 = be.servers().get(0);

        assertThat(sequence(be, 3, PickContext.none().avoiding(s1))).isEqualTo("2 3 2");
    }

    @Test
    void avoidedServerIsTakenWhenItIsTheOnlyOne() {
        Backend be = backend(Algorithm.ROUNDROBIN, 1);

        assertThat(be.pick(PickContext.none().avoiding(be.servers().get(0)))).isSameAs(be.servers().get(0));
    }

    @Test
    void fullServersAreSkippedAndNullWhenAllAreFull() {
        Backend be = io.lbgate.registry.TestConfigs.backend(Algorithm.ROUNDROBIN, false,
                server("s1").maxconn(1), server("s2").maxconn(1));

        assertThat(Picks.holding(be, 3)).isEqualTo("1 2 -");
    }

    @Test
    void concurrentPicksKeepTheExactProportions() throws Exception {
        Backend be = backend(Algorithm.ROUNDROBIN, 1, 2, 3);
        java.util.concurrent.atomic.AtomicIntegerArray counts = new java.util.concurrent.atomic.AtomicIntegerArray(3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 15_000; i++) {
                        counts.incrementAndGet(be.pick(PickContext.none()).id() - 1);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counts.toString()).isEqualTo("[10000, 20000, 30000]");
    }
}
