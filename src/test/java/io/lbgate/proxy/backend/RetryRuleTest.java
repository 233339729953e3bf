package io.lbgate.proxy.backend;

import io.lbgate.config.Algorithm;
import io.lbgate.proxy.backend.RetryRule.Decision;
import io.lbgate.proxy.backend.RetryRule.Next;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.ForcedHealth;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.registry.TestConfigs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAProxy 2.6's decision after a failed connection attempt, case by case, as observed (the
 * scenario test checks the same rules end to end against the real HAProxy).
 */
class RetryRuleTest {
    private final Registry registry = TestConfigs.registry(Algorithm.ROUNDROBIN, false,
            TestConfigs.server("a"), TestConfigs.server("b"), TestConfigs.server("c"));
    private final Backend backend = registry.backends().get(0);
    private final Server failed = backend.servers().get(0);

    private BackendPolicy policy(int retries, int redispatchInterval, boolean hashBased) {
        return new BackendPolicy(backend, new BackendQueue(backend), retries, redispatchInterval, 500, 0, hashBased);
    }

    @Test
    void givesUpOnceEveryRetryIsSpent() {
        assertThat(RetryRule.afterFailure(policy(3, 0, false), 4, failed, 3, true, false)).isEqualTo(Decision.GIVE_UP);
        assertThat(RetryRule.afterFailure(policy(0, -1, false), 1, failed, 3, true, false)).isEqualTo(Decision.GIVE_UP);
    }

    @Test
    void withoutRedispatchARefusingServerIsRetriedAfterATurnAround() {
        assertThat(RetryRule.afterFailure(policy(3, 0, false), 1, failed, 3, true, false))
                .isEqualTo(new Decision(Next.SAME_SERVER, true));
    }

    @Test
    void aTimeoutOrAReusedConnectionIsRetriedAtOnce() {
        assertThat(RetryRule.afterFailure(policy(3, 0, false), 1, failed, 3, false, false))
                .isEqualTo(new Decision(Next.SAME_SERVER, false));
        assertThat(RetryRule.afterFailure(policy(3, 0, false), 1, failed, 3, true, true))
                .isEqualTo(new Decision(Next.SAME_SERVER, false));
    }

    @Test
    void aNonHashFarmOfSeveralServersRedispatchesAtOnce() {
        assertThat(RetryRule.afterFailure(policy(3, -1, false), 1, failed, 3, true, false))
                .isEqualTo(new Decision(Next.REDISPATCH, false));
    }

    @Test
    void withOneUsableServerTheRedispatchWaitsTheTurnAround() {
        assertThat(RetryRule.afterFailure(policy(3, -1, false), 1, failed, 1, true, false))
                .isEqualTo(new Decision(Next.SAME_SERVER, true));
        assertThat(RetryRule.afterFailure(policy(3, -1, false), 3, failed, 1, true, false))
                .isEqualTo(new Decision(Next.REDISPATCH, true));
    }

    @Test
    void hashBasedAlgorithmsRetryTheSameServerUntilTheIntervalSaysOtherwise() {
        BackendPolicy source = policy(3, -1, true);
        assertThat(RetryRule.afterFailure(source, 1, failed, 3, true, false)).isEqualTo(new Decision(Next.SAME_SERVER, true));
        assertThat(RetryRule.afterFailure(source, 2, failed, 3, true, false)).isEqualTo(new Decision(Next.SAME_SERVER, true));
        // the last retry goes back to the balancer, without a turn-around
        assertThat(RetryRule.afterFailure(source, 3, failed, 3, true, false)).isEqualTo(new Decision(Next.REDISPATCH, false));
    }

    @Test
    void aPositiveIntervalRedispatchesEveryNthRetry() {
        BackendPolicy everySecond = policy(5, 2, true);
        assertThat(RetryRule.afterFailure(everySecond, 1, failed, 3, true, false).next()).isEqualTo(Next.SAME_SERVER);
        assertThat(RetryRule.afterFailure(everySecond, 2, failed, 3, true, false).next()).isEqualTo(Next.REDISPATCH);
        assertThat(RetryRule.afterFailure(everySecond, 3, failed, 3, true, false).next()).isEqualTo(Next.SAME_SERVER);
        assertThat(RetryRule.afterFailure(everySecond, 4, failed, 3, true, false).next()).isEqualTo(Next.REDISPATCH);
    }

    @Test
    void aServerThatIsDownIsLeftAtOnce() {
        registry.forceHealth(failed, ForcedHealth.DOWN, "test");
        assertThat(RetryRule.afterFailure(policy(3, -1, true), 1, failed, 2, true, false).next()).isEqualTo(Next.REDISPATCH);
        registry.setAdminState(failed, AdminState.READY, "test");
    }
}
