package io.lbgate.balance;

import static io.lbgate.balance.Picks.repeat;
import static io.lbgate.balance.Picks.sequence;
import static io.lbgate.registry.TestConfigs.backend;
import static io.lbgate.registry.TestConfigs.registry;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import org.junit.jupiter.api.Test;

class StaticRoundRobinTest {

    @Test
    void weights123GiveHaproxysStaticOrder() {
        Backend be = backend(Algorithm.STATIC_RR, 1, 2, 3);

        assertThat(sequence(be, 18)).isEqualTo(repeat("1 3 2 3 2 3", 3));
    }

    @Test
    void weightsAreReducedByTheirCommonDivisor() {
        assertThat(sequence(backend(Algorithm.STATIC_RR, 10, 20, 30), 6)).isEqualTo("1 3 2 3 2 3");
    }

    @Test
    void otherWeights() {
        assertThat(sequence(backend(Algorithm.STATIC_RR, 1, 1, 1), 6)).isEqualTo("1 2 3 1 2 3");
        assertThat(sequence(backend(Algorithm.STATIC_RR, 3, 1), 8)).isEqualTo("1 1 1 2 1 1 1 2");
    }

    @Test
    void countsOverManyPicksAreProportionalToWeights() {
        assertThat(Picks.counts(backend(Algorithm.STATIC_RR, 1, 2, 3, 4), 10_000))
                .containsExactly(1_000, 2_000, 3_000, 4_000);
    }

    @Test
    void drainedAndMaintServersAreLeftOutAndComeBack() {
        Registry registry = registry(Algorithm.STATIC_RR, false, server("s1"), server("s2"), server("s3"));
        Backend be = registry.backend("be").orElseThrow();
        registry.setAdminState(be.servers().get(1), AdminState.DRAIN, "test");
        registry.setAdminState(be.servers().get(2), AdminState.MAINT, "test");
        assertThat(sequence(be, 3)).isEqualTo("1 1 1");

        registry.setAdminState(be.servers().get(1), AdminState.READY, "test");
        registry.setAdminState(be.servers().get(2), AdminState.READY, "test");

        assertThat(Picks.counts(be, 300)).containsExactly(100, 100, 100);
    }

    @Test
    void onlyZeroOrTheConfiguredWeightAreAccepted() {
        Registry registry = registry(Algorithm.STATIC_RR, false, server("s1").weight(2), server("s2"));
        Backend be = registry.backend("be").orElseThrow();

        assertThatThrownBy(() -> registry.setWeight(be.servers().get(0), 3, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("weight: 3 (expected: 0 or 2");
        registry.setWeight(be.servers().get(0), 0, "test");
        assertThat(sequence(be, 2)).isEqualTo("2 2");
    }

    @Test
    void backupRules() {
        Backend first = io.lbgate.registry.TestConfigs.backend(Algorithm.STATIC_RR, false,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());
        Backend all = io.lbgate.registry.TestConfigs.backend(Algorithm.STATIC_RR, true,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());

        assertThat(sequence(first, 4)).isEqualTo("b1 b1 b1 b1");
        assertThat(sequence(all, 4)).isEqualTo("b1 b2 b1 b2");
    }
}
