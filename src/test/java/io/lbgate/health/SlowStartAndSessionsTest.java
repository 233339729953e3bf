package io.lbgate.health;

import io.lbgate.registry.CheckResult;
import io.lbgate.registry.OperationalState;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import io.lbgate.registry.LiveSessions;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry side of slowstart (docs/haproxy-behaviour.md, "Health checks") and of on-marked-down shutdown-sessions. */
class SlowStartAndSessionsTest {
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");
    private static final CheckResult OK = CheckResult.passed("L4OK", 0, 0);

    @Test
    void slowstartRampsTheWeightOnlyAfterComingBackFromDown() {
        MutableClock clock = new MutableClock();
        Registry registry = Cfg.registry("""
                backend b
                    server s 127.0.0.1:1 check rise 2 fall 2 weight 10 slowstart 10s
                    server t 127.0.0.1:2 weight 10
                """, clock);
        Server s = registry.server("b", "s").orElseThrow();
        assertThat(s.weight()).as("never at process start").isEqualTo(10);
        assertThat(s.throttle()).isEmpty();

        registry.reportCheck(s, REFUSED);
        registry.reportCheck(s, OK);
        registry.reportCheck(s, OK);
        assertThat(s.status()).isEqualTo("UP");
        assertThat(s.operationalState()).isEqualTo(OperationalState.STARTING);
        assertThat(s.weight()).isEqualTo(1);
        assertThat(s.backend().usableWeight()).isEqualTo(11);

        clock.advance(Duration.ofSeconds(4));
        assertThat(registry.stepSlowStart(s)).isTrue();
        assertThat(s.weight()).isEqualTo(4);
        assertThat(s.throttle()).hasValue(40);
        assertThat(s.userWeight()).isEqualTo(10);

        clock.advance(Duration.ofSeconds(6));
        assertThat(registry.stepSlowStart(s)).isFalse();
        assertThat(s.weight()).isEqualTo(10);
        assertThat(s.operationalState()).isEqualTo(OperationalState.RUNNING);
        assertThat(s.throttle()).isEmpty();
        assertThat(s.status()).isEqualTo("UP");
    }

    @Test
    void shutdownSessionsClosesTheServersSessionsWhenItGoesDown() {
        Registry registry = Cfg.registry("""
                backend b
                    server s 127.0.0.1:1 check rise 2 fall 2 on-marked-down shutdown-sessions
                    server t 127.0.0.1:2 check rise 2 fall 2
                """);
        AtomicInteger closedOnS = new AtomicInteger();
        AtomicInteger closedOnT = new AtomicInteger();
        Server s = registry.server("b", "s").orElseThrow();
        Server t = registry.server("b", "t").orElseThrow();
        LiveSessions.Session kept = closedOnS::incrementAndGet;
        s.sessions().add(kept);
        s.sessions().add(closedOnS::incrementAndGet);
        s.sessions().remove(kept);
        t.sessions().add(closedOnT::incrementAndGet);

        registry.reportCheck(s, REFUSED);
        registry.reportCheck(t, REFUSED);

        assertThat(closedOnS).hasValue(1);
        assertThat(s.sessions().size()).isZero();
        assertThat(closedOnT).as("without the option sessions stay").hasValue(0);
        assertThat(t.sessions().size()).isEqualTo(1);
    }
}
