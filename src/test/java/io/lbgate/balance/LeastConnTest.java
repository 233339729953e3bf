package io.lbgate.balance;

import io.lbgate.registry.PickContext;

import static io.lbgate.balance.Picks.holding;
import static io.lbgate.balance.Picks.oneAtATime;
import static io.lbgate.registry.TestConfigs.backend;
import static io.lbgate.registry.TestConfigs.registry;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import org.junit.jupiter.api.Test;

class LeastConnTest {

    @Test
    void equalLoadRotatesLikeRoundRobin() {
        assertThat(oneAtATime(backend(Algorithm.LEASTCONN, 1, 1, 1), 6)).isEqualTo("1 2 3 1 2 3");
    }

    @Test
    void heldSessionsGoToTheLeastLoaded() {
        assertThat(holding(backend(Algorithm.LEASTCONN, 1, 1, 1), 6)).isEqualTo("1 2 3 1 2 3");
        assertThat(holding(backend(Algorithm.LEASTCONN, 2, 1), 6)).isEqualTo("1 2 1 2 1 1");
    }

    @Test
    void serverReleasingItsSessionsGetsTheNextOnes() {
        Backend be = backend(Algorithm.LEASTCONN, 1, 1, 1);
        assertThat(holding(be, 3)).isEqualTo("1 2 3");
        Server s2 = be.servers().get(1);

        s2.sessionEnded();

        assertThat(be.pick(PickContext.none())).isSameAs(s2);
    }

    @Test
    void countsOverManyHeldSessionsAreProportionalToWeights() {
        Backend be = backend(Algorithm.LEASTCONN, 1, 2, 3, 4);
        holding(be, 10_000);

        assertThat(be.servers()).extracting(s -> s.counters().currentSessions())
                .containsExactly(1_000L, 2_000L, 3_000L, 4_000L);
    }

    @Test
    void unusableServersAreNeverPicked() {
        Registry registry = registry(Algorithm.LEASTCONN, false,
                server("s1"), server("s2"), server("s3").weight(0), server("s4"));
        Backend be = registry.backend("be").orElseThrow();
        registry.setAdminState(be.servers().get(0), AdminState.DRAIN, "test");
        registry.setAdminState(be.servers().get(1), AdminState.MAINT, "test");

        assertThat(oneAtATime(be, 3)).isEqualTo("4 4 4");
    }

    @Test
    void backupRules() {
        Backend first = io.lbgate.registry.TestConfigs.backend(Algorithm.LEASTCONN, false,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());
        Backend all = io.lbgate.registry.TestConfigs.backend(Algorithm.LEASTCONN, true,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());

        assertThat(holding(first, 3)).isEqualTo("b1 b1 b1");
        assertThat(holding(all, 4)).isEqualTo("b1 b2 b1 b2");
    }

    @Test
    void avoidedServerOnlyAsLastResort() {
        Backend be = backend(Algorithm.LEASTCONN, 1, 1);
        Server s1 = be.servers().get(0);

        assertThat(be.pick(PickContext.none().avoiding(s1)).id()).isEqualTo(2);
        assertThat(backend(Algorithm.LEASTCONN, 1).pick(PickContext.none())).isNotNull();
    }
}
