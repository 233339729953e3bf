package io.lbgate.registry;

import static io.lbgate.registry.TestConfigs.backendConfig;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BindAddress;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.Timeouts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private static final CheckResult OK = CheckResult.passed("L4OK", 0, 0);
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");

    @Test
    void buildsBackendsServersAndFrontendsWithIds() {
        FrontendConfig web = new FrontendConfig("web", ProxyMode.HTTP, List.<BindAddress>of(), 0, "app",
                Timeouts.NONE, HttpConnectionMode.KEEP_ALIVE, null, LogSettings.NONE);
        GatewayConfig config = new GatewayConfig(GlobalSettings.DEFAULT, List.of(web),
                List.of(backendConfig("app", Algorithm.ROUNDROBIN, false, server("a"), server("b")),
                        backendConfig("web", Algorithm.LEASTCONN, false, server("c"))), null);

        Registry registry = Registry.from(config);

        assertThat(registry.frontend("web").orElseThrow().iid()).isEqualTo(1);
        assertThat(registry.backend("app").orElseThrow().iid()).isEqualTo(2);
        assertThat(registry.backend("web").orElseThrow().iid()).as("listen: shared iid").isEqualTo(1);
        assertThat(registry.backend(2)).containsSame(registry.backend("app").orElseThrow());
        assertThat(registry.server("app", "b").orElseThrow().id()).isEqualTo(2);
        assertThat(registry.backend("app").orElseThrow().server(1).orElseThrow().name()).isEqualTo("a");
        assertThat(registry.backend("web").orElseThrow().balancer().algorithm()).isEqualTo(Algorithm.LEASTCONN);
        assertThat(registry.servers()).extracting(Server::toString).containsExactly("app/a", "app/b", "web/c");
    }

    @Test
    void publishesStateChanges() {
        Registry registry = TestConfigs.registry(Clock.systemUTC(),
                backendConfig("app", Algorithm.ROUNDROBIN, false, server("s1").check(2, 3)));
        Server s = registry.server("app", "s1").orElseThrow();
        List<StateChange> seen = new ArrayList<>();
        Subscription subscription = registry.subscribe(seen::add);

        registry.reportCheck(s, OK);
        registry.reportCheck(s, OK); // at full health: no change, no event
        registry.reportCheck(s, REFUSED);
        registry.setAdminState(s, AdminState.MAINT, "'disable' on stats page");
        registry.setAdminState(s, AdminState.MAINT, "again"); // no change
        registry.setWeight(s, 5, "changed from CLI");
        subscription.close();
        registry.setAdminState(s, AdminState.READY, "after close");

        assertThat(seen).extracting(c -> c.oldStatus() + " -> " + c.newStatus() + " (" + c.cause() + ")")
                .containsExactly(
                        "UP 1/3 -> UP (L4OK)",
                        "UP -> UP 2/3 (L4CON Connection refused)",
                        "UP 2/3 -> MAINT ('disable' on stats page)",
                        "MAINT -> MAINT (changed from CLI)");
        assertThat(seen).allSatisfy(c -> assertThat(c.server()).isSameAs(s));
    }

    @Test
    void failingSubscriberDoesNotStopOthers() {
        Registry registry = TestConfigs.registry(Algorithm.ROUNDROBIN, false, server("s1"));
        List<StateChange> seen = new ArrayList<>();
        registry.subscribe(c -> {
            throw new IllegalStateException("boom");
        });
        registry.subscribe(seen::add);

        registry.setAdminState(registry.server("be", "s1").orElseThrow(), AdminState.DRAIN, "test");

        assertThat(seen).hasSize(1);
    }

    @Test
    void weightIsChecked() {
        Registry registry = TestConfigs.registry(Algorithm.ROUNDROBIN, false, server("s1"));
        Server s = registry.server("be", "s1").orElseThrow();

        assertThatThrownBy(() -> registry.setWeight(s, 300, "test")).hasMessage("weight: 300 (expected: 0..256)");
        registry.setWeight(s, 7, "test");
        assertThat(s.weight()).isEqualTo(7);
        assertThat(s.configuredWeight()).isEqualTo(1);
        assertThat(s.backend().usableWeight()).isEqualTo(7);
    }

    @Test
    void balancerIsToldAboutChanges() {
        Registry registry = TestConfigs.registry(Algorithm.ROUNDROBIN, false,
                server("s1").check(2, 3), server("s2"));
        Backend be = registry.backend("be").orElseThrow();
        registry.reportCheck(be.servers().get(0), REFUSED);

        for (int i = 0; i < 4; i++) {
            assertThat(be.pick(io.lbgate.balance.PickContext.none()).name()).isEqualTo("s2");
        }
        assertThat(be.activeUsableCount()).isEqualTo(1);
    }
}
