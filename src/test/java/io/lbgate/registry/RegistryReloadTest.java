package io.lbgate.registry;

import static io.lbgate.registry.TestConfigs.backendConfig;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.registry.TestConfigs.ServerSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Registry#apply}: what a server keeps across a reload, and what the new file changes on purpose. */
class RegistryReloadTest {
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");

    private static GatewayConfig config(ServerSpec... servers) {
        return config(Algorithm.ROUNDROBIN, servers);
    }

    private static GatewayConfig config(Algorithm algorithm, ServerSpec... servers) {
        BackendConfig app = backendConfig("app", 1, algorithm, false, servers);
        return new GatewayConfig(GlobalSettings.DEFAULT, List.of(), List.of(app), List.of());
    }

    private static Server named(Registry registry, String name) {
        return registry.server("app", name).orElseThrow();
    }

    @Test
    void operatorStateWeightHealthAndCountersSurviveAReload() {
        Registry registry = Registry.from(config(server("a").check(2, 3), server("b").check(2, 3)), io.lbgate.balance.Balancers::create);
        Server a = named(registry, "a");
        registry.setAdminState(a, AdminState.DRAIN, "test");
        registry.setWeight(named(registry, "b"), 7, "test");
        registry.reportCheck(named(registry, "b"), REFUSED);
        String drainStatus = a.status();
        String bStatus = named(registry, "b").status();
        for (int i = 0; i < 5; i++) {
            a.sessionStarted();
            a.sessionEnded();
        }

        ReloadChanges changes = registry.apply(config(server("a").check(2, 3), server("b").check(2, 3),
                server("c")));

        assertThat(changes.kept()).containsExactly("app/a", "app/b");
        assertThat(changes.added()).containsExactly("app/c");
        Server a2 = named(registry, "a");
        assertThat(a2).isNotSameAs(a);
        assertThat(a2.adminState()).isEqualTo(AdminState.DRAIN);
        assertThat(drainStatus).isEqualTo("DRAIN 1/3");
        assertThat(a2.status()).isEqualTo(drainStatus);
        assertThat(a2.counters().totalSessions()).as("no counter reset").isEqualTo(5);
        Server b2 = named(registry, "b");
        assertThat(b2.userWeight()).isEqualTo(7);
        assertThat(b2.status()).as("health kept").isEqualTo(bStatus).isEqualTo("DOWN");
        assertThat(b2.checkFails()).isEqualTo(1);
        assertThat(named(registry, "c").status()).isEqualTo("no check");
    }

    @Test
    void aWeightTheFileChangesWinsOverTheOneSetAtRunTime() {
        Registry registry = Registry.from(config(server("a").weight(10), server("b").weight(10)), io.lbgate.balance.Balancers::create);
        registry.setWeight(named(registry, "a"), 3, "test");
        registry.setWeight(named(registry, "b"), 4, "test");

        registry.apply(config(server("a").weight(20), server("b").weight(10)));

        assertThat(named(registry, "a").userWeight()).as("the file changed it").isEqualTo(20);
        assertThat(named(registry, "b").userWeight()).as("the file kept it").isEqualTo(4);
    }

    @Test
    void maintenanceFollowsTheFileOnlyWhenDisabledChanges() {
        Registry registry = Registry.from(config(server("forced"), server("cfg").disabled(), server("back")), io.lbgate.balance.Balancers::create);
        registry.setAdminState(named(registry, "forced"), AdminState.MAINT, "test");

        registry.apply(config(server("forced"), server("cfg").disabled(), server("back").disabled()));
        assertThat(named(registry, "forced").adminState()).as("forced MAINT kept").isEqualTo(AdminState.MAINT);
        assertThat(named(registry, "cfg").adminState()).isEqualTo(AdminState.MAINT);
        assertThat(named(registry, "back").adminState()).as("disabled added").isEqualTo(AdminState.MAINT);

        registry.apply(config(server("forced"), server("cfg"), server("back").disabled()));
        assertThat(named(registry, "cfg").adminState()).as("disabled removed: the file wins").isEqualTo(AdminState.READY);
        assertThat(named(registry, "cfg").status()).isEqualTo("no check");
        assertThat(named(registry, "forced").adminState()).isEqualTo(AdminState.MAINT);
    }

    @Test
    void aRemovedServerGetsNoNewRequestsAndAnAddedOneTakesTraffic() {
        Registry registry = Registry.from(config(server("a"), server("b")), io.lbgate.balance.Balancers::create);

        registry.apply(config(server("b"), server("c")));

        Backend app = registry.backend("app").orElseThrow();
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Server s = app.pick(io.lbgate.registry.PickContext.none());
            picks.add(s.name());
            s.sessionEnded();
        }
        assertThat(picks).containsOnly("b", "c").contains("b", "c");
    }

    @Test
    void subscribersHearOfStatusesTheReloadChanged() {
        Registry registry = Registry.from(config(server("a"), server("b")), io.lbgate.balance.Balancers::create);
        List<String> heard = new ArrayList<>();
        registry.subscribe(change -> heard.add(change.server() + " " + change.oldStatus() + " -> "
                + change.newStatus() + " (" + change.cause() + ")"));
        List<ReloadChanges> reloads = new ArrayList<>();
        registry.onReload(reloads::add);

        registry.apply(config(server("a").disabled(), server("b")));

        assertThat(heard).containsExactly("app/a no check -> MAINT (reload)");
        assertThat(reloads).hasSize(1);
    }
}
