package io.lbgate.balance;

import io.lbgate.registry.PickContext;

import static io.lbgate.balance.Picks.holding;
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

class FirstTest {

    @Test
    void fillsServersInIdOrderUpToTheirMaxconn() {
        Backend be = io.lbgate.registry.TestConfigs.backend(Algorithm.FIRST, false,
                server("s1").maxconn(2), server("s2").maxconn(2), server("s3").maxconn(2));

        assertThat(holding(be, 7)).isEqualTo("1 1 2 2 3 3 -");
    }

    @Test
    void freedSlotOnAnEarlierServerIsUsedFirst() {
        Backend be = io.lbgate.registry.TestConfigs.backend(Algorithm.FIRST, false,
                server("s1").maxconn(1), server("s2").maxconn(1), server("s3").maxconn(1));
        holding(be, 3);

        be.servers().get(0).sessionEnded();

        assertThat(holding(be, 2)).isEqualTo("1 -");
    }

    @Test
    void withoutMaxconnTheFirstServerTakesEverything() {
        assertThat(holding(backend(Algorithm.FIRST, 1, 5, 9), 4)).isEqualTo("1 1 1 1");
    }

    @Test
    void unusableServersAreSkipped() {
        Registry registry = registry(Algorithm.FIRST, false,
                server("s1"), server("s2"), server("s3").weight(0), server("s4"));
        Backend be = registry.backend("be").orElseThrow();
        registry.setAdminState(be.servers().get(0), AdminState.MAINT, "test");
        registry.setAdminState(be.servers().get(1), AdminState.DRAIN, "test");

        assertThat(holding(be, 2)).isEqualTo("4 4");
    }

    @Test
    void backupRules() {
        Backend first = io.lbgate.registry.TestConfigs.backend(Algorithm.FIRST, false,
                server("s1").disabled(), server("b1").backup().maxconn(1), server("b2").backup());
        Backend all = io.lbgate.registry.TestConfigs.backend(Algorithm.FIRST, true,
                server("s1").disabled(), server("b1").backup().maxconn(1), server("b2").backup());

        assertThat(holding(first, 2)).isEqualTo("b1 -");
        assertThat(holding(all, 3)).isEqualTo("b1 b2 b2");
    }

    @Test
    void avoidedServerGivesWayToTheNext() {
        Backend be = backend(Algorithm.FIRST, 1, 1);
        Server s1 = be.servers().get(0);

        assertThat(be.pick(PickContext.none().avoiding(s1)).id()).isEqualTo(2);
    }
}
