package io.lbgate.registry;

import static io.lbgate.registry.TestConfigs.backendConfig;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerStateTest {
    private static final CheckResult OK = CheckResult.passed("L4OK", 0, 0);
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");

    private final MutableClock clock = new MutableClock();

    private Registry registry(TestConfigs.ServerSpec... servers) {
        return TestConfigs.registry(clock, backendConfig("app", Algorithm.ROUNDROBIN, false, servers));
    }

    private List<String> statuses(Registry registry, Server s, CheckResult... results) {
        List<String> seen = new ArrayList<>();
        for (CheckResult r : results) {
            registry.reportCheck(s, r);
            seen.add(s.status());
        }
        return seen;
    }

    @Test
    void rise2fall3GoesDownThroughTransitionalStatesAndComesBack() {
        Registry registry = registry(server("s1").check(2, 3));
        Server s = registry.server("app", "s1").orElseThrow();
        assertThat(s.status()).isEqualTo("UP 1/3"); // before the first check
        registry.reportCheck(s, OK);
        assertThat(s.status()).isEqualTo("UP");

        assertThat(statuses(registry, s, REFUSED, REFUSED, REFUSED, REFUSED, OK, OK, OK))
                .containsExactly("UP 2/3", "UP 1/3", "DOWN", "DOWN", "DOWN 1/2", "UP", "UP");
        assertThat(s.checkFails()).isEqualTo(3);
        assertThat(s.checkDowns()).isEqualTo(1);
    }

    @Test
    void rise2fall2() {
        Registry registry = registry(server("s1").check(2, 2));
        Server s = registry.server("app", "s1").orElseThrow();
        registry.reportCheck(s, OK);

        assertThat(statuses(registry, s, REFUSED, REFUSED, OK, OK))
                .containsExactly("UP 1/2", "DOWN", "DOWN 1/2", "UP");
    }

    @Test
    void firstFailedCheckFromStartGoesStraightDown() {
        Registry registry = registry(server("s1").check(2, 3));
        Server s = registry.server("app", "s1").orElseThrow();

        registry.reportCheck(s, REFUSED);

        assertThat(s.status()).isEqualTo("DOWN");
        assertThat(s.operationalState()).isEqualTo(OperationalState.STOPPED);
        assertThat(s.checkDowns()).isEqualTo(1);
        assertThat(s.lastCheck()).isEqualTo(REFUSED);
        assertThat(s.usable()).isFalse();
        assertThat(s.backend().status()).isEqualTo("DOWN");
    }

    @Test
    void uncheckedServerIsAlwaysUp() {
        Registry registry = registry(server("s1"));
        Server s = registry.server("app", "s1").orElseThrow();

        registry.reportCheck(s, REFUSED);

        assertThat(s.status()).isEqualTo("no check");
        assertThat(s.usable()).isTrue();
    }

    @Test
    void adminStates() {
        Registry registry = registry(server("s1").check(2, 3), server("s2"));
        Server s = registry.server("app", "s1").orElseThrow();
        registry.reportCheck(s, OK);

        registry.setAdminState(s, AdminState.DRAIN, "test");
        assertThat(s.status()).isEqualTo("DRAIN");
        assertThat(s.usable()).isFalse();
        registry.reportCheck(s, REFUSED);
        assertThat(s.status()).isEqualTo("DRAIN 2/3");

        registry.setAdminState(s, AdminState.MAINT, "test");
        assertThat(s.status()).isEqualTo("MAINT");
        assertThat(s.operationalState()).isEqualTo(OperationalState.STOPPED);
        registry.reportCheck(s, OK);
        assertThat(s.health().health()).as("checks paused in MAINT").isZero();

        registry.setAdminState(s, AdminState.READY, "test");
        assertThat(s.status()).isEqualTo("UP 1/3"); // health = rise: one failure takes it down
        assertThat(s.usable()).isTrue();
        assertThat(registry.server("app", "s2").orElseThrow().status()).isEqualTo("no check");
    }

    @Test
    void disabledInConfigurationStartsInMaint() {
        Registry registry = registry(server("s1").check(2, 3).disabled());
        Server s = registry.server("app", "s1").orElseThrow();

        assertThat(s.adminState()).isEqualTo(AdminState.MAINT);
        assertThat(s.status()).isEqualTo("MAINT");
        assertThat(s.backend().status()).isEqualTo("DOWN");
    }

    @Test
    void drainOrWeightZeroOnlyMakesTheBackendDown() {
        Registry registry = registry(server("s1"), server("s2"));
        Backend be = registry.backend("app").orElseThrow();
        registry.setAdminState(be.servers().get(0), AdminState.DRAIN, "test");
        assertThat(be.status()).isEqualTo("UP");

        registry.setWeight(be.servers().get(1), 0, "test");

        assertThat(be.status()).isEqualTo("DOWN");
        assertThat(be.servers().get(1).status()).isEqualTo("no check");
    }

    @Test
    void backendWithoutServersIsUp() {
        assertThat(registry().backend("app").orElseThrow().status()).isEqualTo("UP");
    }

    @Test
    void downtimeAndLastChangeFollowTheClock() {
        Registry registry = registry(server("s1").check(2, 3));
        Server s = registry.server("app", "s1").orElseThrow();
        clock.advance(Duration.ofSeconds(5));
        registry.reportCheck(s, REFUSED);
        assertThat(s.lastChange()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(7));
        assertThat(s.downtime()).isEqualTo(Duration.ofSeconds(7));
        registry.reportCheck(s, OK);
        registry.reportCheck(s, OK);
        clock.advance(Duration.ofSeconds(3));

        assertThat(s.downtime()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.backend().downtime()).isEqualTo(Duration.ofSeconds(7));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
