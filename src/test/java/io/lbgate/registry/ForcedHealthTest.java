package io.lbgate.registry;

import static io.lbgate.registry.TestConfigs.backendConfig;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Registry#forceHealth} and {@link Registry#setChecksEnabled}: the stats page's hrunn, hnolb,
 * hdown, dhlth and ehlth. Expected values observed on HAProxy 2.6.12 (backend app, s1/s2
 * {@code check inter 10s rise 2 fall 3}, s3 without check; actions posted to the stats page):
 * <ul>
 * <li>hdown on UP: {@code DOWN}, check_health 0, chkdown +1, chkfail and check_status (L4OK) unchanged;
 *     again: DONE, nothing moves; the next passed checks give {@code DOWN 1/2} then {@code UP}.</li>
 * <li>hrunn: {@code UP}, check_health 4 (rise+fall-1). hnolb: {@code NOLB}, health 4; the next passed
 *     check brings it back {@code UP}.</li>
 * <li>hdown on s3 (no check): {@code DOWN}, and it stays so; hrunn: {@code no check} again.</li>
 * <li>In MAINT: hrunn/hdown answer DONE but the status stays {@code MAINT}.</li>
 * <li>dhlth: {@code no check}, every check column (chkfail, chkdown, check_status...) empty; while
 *     disabled hdown shows {@code DOWN}, hnolb {@code NOLB}, hrunn {@code no check}; a server killed
 *     while disabled stays {@code no check}. ehlth: the status comes back from the counter as it is
 *     ({@code UP} at health 4, {@code DOWN} at 0) with chkdown counting the forced downs.</li>
 * </ul>
 */
class ForcedHealthTest {
    private static final CheckResult OK = CheckResult.passed("L4OK", 0, 0);
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");

    private final ServerStateTest.MutableClock clock = new ServerStateTest.MutableClock();
    private final List<StateChange> changes = new ArrayList<>();
    private Registry registry;
    private Server s1;
    private Server s3;

    @BeforeEach
    void setUp() {
        registry = TestConfigs.registry(clock, backendConfig("app", Algorithm.ROUNDROBIN, false,
                server("s1").check(2, 3), server("s2").check(2, 3), server("s3")));
        s1 = registry.server("app", "s1").orElseThrow();
        s3 = registry.server("app", "s3").orElseThrow();
        registry.reportCheck(s1, OK);
        registry.subscribe(changes::add);
    }

    @Test
    void forcedDownSetsHealthZeroAndTheNextChecksTakeOver() {
        registry.forceHealth(s1, ForcedHealth.DOWN, "changed from Web interface");

        assertThat(s1.status()).isEqualTo("DOWN");
        assertThat(s1.health().health()).isZero();
        assertThat(s1.usable()).isFalse();
        assertThat(s1.backend().activeUsableCount()).isEqualTo(2);
        assertThat(s1.checkDowns()).isEqualTo(1);
        assertThat(s1.checkFails()).isZero();
        assertThat(s1.lastCheck().status()).isEqualTo("L4OK");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.oldStatus()).isEqualTo("UP");
            assertThat(c.newStatus()).isEqualTo("DOWN");
            assertThat(c.cause()).isEqualTo("changed from Web interface");
            assertThat(c.forced()).isEqualTo(ForcedHealth.DOWN);
            assertThat(c.check()).isNull();
            assertThat(c.wentDown()).isTrue();
        });

        registry.forceHealth(s1, ForcedHealth.DOWN, "changed from Web interface");
        assertThat(changes).hasSize(1); // already DOWN: nothing to publish, as HAProxy logs nothing

        registry.reportCheck(s1, OK);
        assertThat(s1.status()).isEqualTo("DOWN 1/2");
        registry.reportCheck(s1, OK);
        assertThat(s1.status()).isEqualTo("UP");
        assertThat(s1.usable()).isTrue();
    }

    @Test
    void forcedUpSetsFullHealthAtOnce() {
        registry.forceHealth(s1, ForcedHealth.DOWN, "changed from Web interface");
        registry.forceHealth(s1, ForcedHealth.UP, "changed from Web interface");

        assertThat(s1.status()).isEqualTo("UP");
        assertThat(s1.health().health()).isEqualTo(4);
        assertThat(s1.usable()).isTrue();
        assertThat(changes).extracting(StateChange::newStatus).containsExactly("DOWN", "UP");
        assertThat(changes.get(1).cameUp()).isTrue();
        // Full health: three failures to go down again.
        registry.reportCheck(s1, REFUSED);
        assertThat(s1.status()).isEqualTo("UP 2/3");
        registry.forceHealth(s1, ForcedHealth.UP, "changed from Web interface");
        assertThat(s1.status()).isEqualTo("UP");
    }

    @Test
    void forcedNolbTakesNoNewTrafficUntilTheNextPassedCheck() {
        registry.forceHealth(s1, ForcedHealth.NOLB, "changed from Web interface");

        assertThat(s1.status()).isEqualTo("NOLB");
        assertThat(s1.operationalState()).isEqualTo(OperationalState.STOPPING);
        assertThat(s1.health().health()).isEqualTo(4);
        assertThat(s1.usable()).isFalse();
        assertThat(s1.backend().activeUsableCount()).isEqualTo(2);
        assertThat(changes).singleElement().extracting(StateChange::forced).isEqualTo(ForcedHealth.NOLB);

        registry.reportCheck(s1, OK);
        assertThat(s1.status()).isEqualTo("UP");
        assertThat(s1.usable()).isTrue();
    }

    @Test
    void serverWithoutCheckStaysWhereItIsForced() {
        registry.forceHealth(s3, ForcedHealth.DOWN, "changed from Web interface");
        assertThat(s3.status()).isEqualTo("DOWN");
        assertThat(s3.usable()).isFalse();
        registry.forceHealth(s3, ForcedHealth.UP, "changed from Web interface");
        assertThat(s3.status()).isEqualTo("no check");
        assertThat(s3.usable()).isTrue();
    }

    @Test
    void inMaintenanceOnlyTheCounterMoves() {
        registry.setAdminState(s1, AdminState.MAINT, "test");
        changes.clear();
        registry.forceHealth(s1, ForcedHealth.UP, "changed from Web interface");
        registry.forceHealth(s1, ForcedHealth.DOWN, "changed from Web interface");
        assertThat(s1.status()).isEqualTo("MAINT");
        assertThat(changes).isEmpty();
        registry.setAdminState(s1, AdminState.READY, "test");
        assertThat(s1.status()).isEqualTo("UP 1/3"); // leaving MAINT resets to rise, as before
    }

    @Test
    void disabledChecksShowNoCheckAndIgnoreResults() {
        assertThat(registry.setChecksEnabled(s1, false, "test")).isTrue();

        assertThat(s1.checksEnabled()).isFalse();
        assertThat(s1.isChecked()).isTrue();
        assertThat(s1.status()).isEqualTo("no check");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.oldStatus()).isEqualTo("UP");
            assertThat(c.newStatus()).isEqualTo("no check");
            assertThat(c.forced()).isNull();
        });

        CheckResult before = s1.lastCheck();
        registry.reportCheck(s1, REFUSED);
        registry.reportCheck(s1, REFUSED);
        registry.reportCheck(s1, REFUSED);
        assertThat(s1.status()).isEqualTo("no check");
        assertThat(s1.lastCheck()).isSameAs(before);
        assertThat(s1.checkFails()).isZero();
        assertThat(s1.health().health()).isEqualTo(4);
    }

    @Test
    void forcedStatesWhileChecksAreDisabled() {
        registry.setChecksEnabled(s1, false, "test");
        registry.forceHealth(s1, ForcedHealth.DOWN, "changed from Web interface");
        assertThat(s1.status()).isEqualTo("DOWN");
        registry.forceHealth(s1, ForcedHealth.NOLB, "changed from Web interface");
        assertThat(s1.status()).isEqualTo("NOLB");
        registry.forceHealth(s1, ForcedHealth.UP, "changed from Web interface");
        assertThat(s1.status()).isEqualTo("no check");
    }

    @Test
    void enabledAgainChecksResumeFromTheCounterAsItIs() {
        registry.reportCheck(s1, REFUSED);
        assertThat(s1.status()).isEqualTo("UP 2/3");
        registry.setChecksEnabled(s1, false, "test");
        registry.setChecksEnabled(s1, false, "test"); // again: still applicable, nothing moves
        assertThat(registry.setChecksEnabled(s1, true, "test")).isTrue();
        assertThat(s1.status()).isEqualTo("UP 2/3");
        assertThat(changes).extracting(StateChange::newStatus).containsExactly("UP 2/3", "no check", "UP 2/3");

        registry.setChecksEnabled(s1, false, "test");
        registry.forceHealth(s1, ForcedHealth.DOWN, "changed from Web interface");
        registry.setChecksEnabled(s1, true, "test");
        assertThat(s1.status()).isEqualTo("DOWN");
        assertThat(s1.checkDowns()).isEqualTo(1); // counted while disabled, shown again now
        registry.reportCheck(s1, OK);
        assertThat(s1.status()).isEqualTo("DOWN 1/2");
    }

    @Test
    void serverWithoutCheckHasNoChecksToDisable() {
        assertThat(registry.setChecksEnabled(s3, false, "test")).isFalse();
        assertThat(s3.status()).isEqualTo("no check");
        assertThat(changes).isEmpty();
    }
}
