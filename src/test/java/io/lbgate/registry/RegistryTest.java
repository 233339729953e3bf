package io.lbgate.registry;

import io.lbgate.balance.Balancers;
import static io.lbgate.registry.TestConfigs.backendConfig;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.BindAddress;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.Timeouts;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.support.ConfigFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    private static final CheckResult OK = CheckResult.passed("L4OK", 0, 0);
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");

    @TempDir
    Path dir;

    @Test
    void buildsBackendsServersAndFrontendsWithIds() {
        FrontendConfig web = new FrontendConfig("web", 1, ProxyMode.HTTP, List.<BindAddress>of(), 0, "app",
                Timeouts.NONE, HttpConnectionMode.KEEP_ALIVE, null, LogSettings.NONE, false);
        GatewayConfig config = new GatewayConfig(GlobalSettings.DEFAULT, List.of(web),
                List.of(backendConfig("app", 2, Algorithm.ROUNDROBIN, false, server("a"), server("b")),
                        backendConfig("web", 1, Algorithm.LEASTCONN, false, server("c"))), List.of());

        Registry registry = Registry.from(config, Balancers::create);

        assertThat(registry.frontend("web").orElseThrow().iid()).isEqualTo(1);
        assertThat(registry.backend("app").orElseThrow().iid()).isEqualTo(2);
        assertThat(registry.backend("web").orElseThrow().iid()).as("listen: shared iid").isEqualTo(1);
        assertThat(registry.backend(2)).containsSame(registry.backend("app").orElseThrow());
        assertThat(registry.server("app", "b").orElseThrow().id()).isEqualTo(2);
        assertThat(registry.backend("app").orElseThrow().server(1).orElseThrow().name()).isEqualTo("a");
        assertThat(registry.backend("web").orElseThrow().balancer().algorithm()).isEqualTo(Algorithm.LEASTCONN);
        assertThat(registry.servers()).extracting(Server::toString).containsExactly("app/a", "app/b", "web/c");
    }

    /**
     * HAProxy 2.6.12 gave this file's proxies the ids 1 to 5 in file order, {@code listen stats}
     * taking 3 (observed in its {@code ;csv}); lbgate used to number frontends before backends.
     */
    @Test
    void proxiesOfAMixedOrderFileGetHaproxysIds() throws IOException {
        Path cfg = Files.writeString(dir.resolve("mixed.cfg"), """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                """ + ConfigFixtures.MIXED_PROXIES);

        Registry registry = Registry.from(HaproxyConfigReader.read(List.of(cfg)).config(), Balancers::create);

        assertThat(registry.backends()).extracting(Backend::name, Backend::iid)
                .containsExactly(tuple("be_first", 1), tuple("stats", 3), tuple("be_last", 4), tuple("lst", 5));
        assertThat(registry.frontends()).extracting(Frontend::name, Frontend::iid)
                .containsExactly(tuple("fe_one", 2), tuple("lst", 5));
        assertThat(registry.backend(4)).containsSame(registry.backend("be_last").orElseThrow());
        assertThat(registry.backend(2)).as("a frontend's id").isEmpty();
        assertThat(registry.backend(3)).as("the stats listener's backend, without servers")
                .hasValueSatisfying(b -> assertThat(b.servers()).isEmpty());
        assertThat(registry.statsFrontends()).extracting(Frontend::name, Frontend::iid)
                .containsExactly(tuple("stats", 3));
    }

    @Test
    void aConfigurationWithTwoProxiesOfOneIdIsRefused() {
        FrontendConfig web = new FrontendConfig("web", 1, ProxyMode.HTTP, List.<BindAddress>of(), 0, "app",
                Timeouts.NONE, HttpConnectionMode.KEEP_ALIVE, null, LogSettings.NONE, false);
        List<BackendConfig> app = List.of(backendConfig("app", 1, Algorithm.ROUNDROBIN, false, server("a")));

        assertThatThrownBy(() -> new GatewayConfig(GlobalSettings.DEFAULT, List.of(web), app, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id: 1 (expected: unique, but backend 'app' and frontend 'web' have it)");
        assertThatThrownBy(() -> new GatewayConfig(GlobalSettings.DEFAULT, List.of(),
                List.of(app.get(0), backendConfig("other", 1, Algorithm.ROUNDROBIN, false)), List.of()))
                .hasMessage("id: 1 (expected: unique, but backend 'other' and backend 'app' have it)");
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
            assertThat(be.pick(io.lbgate.registry.PickContext.none()).name()).isEqualTo("s2");
        }
        assertThat(be.activeUsableCount()).isEqualTo(1);
    }
}
