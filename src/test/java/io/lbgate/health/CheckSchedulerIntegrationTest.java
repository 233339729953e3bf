package io.lbgate.health;

import io.lbgate.registry.AdminState;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When checks happen: start-up spread, one interval after the previous completes, paused in MAINT. */
class CheckSchedulerIntegrationTest {

    @Test
    void firstChecksAreSpreadOverTheInterval() {
        List<StubServer> stubs = new ArrayList<>();
        StringBuilder cfg = new StringBuilder("backend b\n");
        for (int i = 0; i < 4; i++) {
            stubs.add(StubServer.silent());
            cfg.append("    server s").append(i).append(" 127.0.0.1:").append(stubs.get(i).port())
                    .append(" check inter 2s\n");
        }
        CheckScheduler scheduler = new CheckScheduler(Cfg.registry(cfg.toString()), 1);
        long start = System.nanoTime();
        try {
            scheduler.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> stubs.stream().allMatch(s -> !s.connections.isEmpty()));
            // k-th of 4 at 2000 * k / 4 ms: 0, 500, 1000, 1500.
            for (int k = 0; k < 4; k++) {
                long at = (stubs.get(k).connections.get(0).acceptedNanos - start) / 1_000_000;
                assertThat(at).as("first check of s%d", k).isBetween(500L * k - 50, 500L * k + 250);
            }
        } finally {
            scheduler.stop();
            stubs.forEach(StubServer::close);
        }
    }

    @Test
    void nextCheckComesOneIntervalAfterThePreviousCompleted() {
        try (StubServer slow = StubServer.answering("HTTP/1.0 200 OK\r\n\r\n", Duration.ofMillis(300))) {
            Registry registry = Cfg.registry("backend b\n    option httpchk\n    server s 127.0.0.1:" + slow.port()
                    + " check inter 400ms\n");
            CheckScheduler scheduler = new CheckScheduler(registry, 1);
            try {
                scheduler.start();
                await().atMost(Duration.ofSeconds(5)).until(() -> slow.connections.size() >= 4);
                for (int i = 1; i < 4; i++) {
                    long gap = (slow.connections.get(i).acceptedNanos - slow.connections.get(i - 1).acceptedNanos) / 1_000_000;
                    assertThat(gap).as("gap %d", i).isBetween(680L, 900L); // 300 ms answer + 400 ms inter
                }
            } finally {
                scheduler.stop();
            }
        }
    }

    @Test
    void downInterAppliesWhileDownAndFastInterWhileTransitioning() {
        Registry registry = Cfg.registry("backend b\n    server s 127.0.0.1:1 check inter 5s fastinter 1s downinter 3s rise 2 fall 3\n");
        Server s = registry.servers().get(0);
        assertThat(ServerChecker.interval(s)).as("before the first check, health = rise").isEqualTo(1000);
        registry.reportCheck(s, io.lbgate.registry.CheckResult.passed("L4OK", 0, 0));
        assertThat(ServerChecker.interval(s)).as("full health").isEqualTo(5000);
        registry.reportCheck(s, io.lbgate.registry.CheckResult.failed("L4CON", 0, 0, "Connection refused"));
        assertThat(ServerChecker.interval(s)).as("UP 2/3").isEqualTo(1000);
        registry.reportCheck(s, io.lbgate.registry.CheckResult.failed("L4CON", 0, 0, "Connection refused"));
        registry.reportCheck(s, io.lbgate.registry.CheckResult.failed("L4CON", 0, 0, "Connection refused"));
        assertThat(s.status()).isEqualTo("DOWN");
        assertThat(ServerChecker.interval(s)).as("DOWN").isEqualTo(3000);
    }

    @Test
    void checksPauseInMaintenance() {
        try (StubServer stub = StubServer.silent()) {
            Registry registry = Cfg.registry("backend b\n    server s 127.0.0.1:" + stub.port() + " check inter 200ms\n");
            Server s = registry.servers().get(0);
            CheckScheduler scheduler = new CheckScheduler(registry, 1);
            try {
                scheduler.start();
                await().atMost(Duration.ofSeconds(3)).until(() -> stub.connections.size() >= 2);
                registry.setAdminState(s, AdminState.MAINT, "changed from CLI");
                int seen = stub.connections.size();
                long since = System.nanoTime();
                await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> true);
                assertThat(stub.connections.stream().filter(c -> c.acceptedNanos > since + 50_000_000).count())
                        .isZero();
                assertThat(stub.connections.size()).isLessThanOrEqualTo(seen + 1);
                registry.setAdminState(s, AdminState.READY, "changed from CLI");
                await().atMost(Duration.ofSeconds(2)).until(() -> stub.connections.size() > seen + 1);
            } finally {
                scheduler.stop();
            }
        }
    }
}
