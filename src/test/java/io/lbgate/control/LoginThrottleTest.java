package io.lbgate.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void anAddressIsRefusedAfterFiveFailuresUntilItsWindowEnds() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.blocked("192.0.2.1")).isFalse();
            throttle.failed("192.0.2.1");
        }
        assertThat(throttle.blocked("192.0.2.1")).isTrue();
        assertThat(throttle.blocked("192.0.2.2")).as("other addresses are not affected").isFalse();

        now.addAndGet(LoginThrottle.WINDOW_NANOS);
        assertThat(throttle.blocked("192.0.2.1")).isFalse();
    }

    @Test
    void aSuccessClearsTheFailures() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("192.0.2.1");
        }
        throttle.succeeded("192.0.2.1");
        throttle.failed("192.0.2.1");
        assertThat(throttle.blocked("192.0.2.1")).isFalse();
    }

    @Test
    void trackedAddressesAreBounded() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 100; i++) {
            for (int f = 0; f < LoginThrottle.FREE_FAILURES; f++) {
                throttle.failed("a" + i);
            }
        }
        assertThat(throttle.blocked("a0")).isTrue();
        assertThat(throttle.blocked("a" + (LoginThrottle.MAX_ADDRESSES + 50)))
                .as("beyond the bound, new addresses are not tracked").isFalse();

        now.addAndGet(LoginThrottle.WINDOW_NANOS);
        throttle.failed("late");
        assertThat(throttle.blocked("a0")).isFalse();
    }
}
