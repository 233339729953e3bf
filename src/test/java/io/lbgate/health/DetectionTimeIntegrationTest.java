package io.lbgate.health;

import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.registry.StateChange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long a dead server takes to be marked DOWN, and a restarted one UP (docs/health-checks.md):
 * with {@code inter 500ms rise 2 fall 2}, the first failing check comes 0–500 ms after the kill and
 * the second one 500 ms after that, so DOWN lands 0.5–1 s after the kill (plus check durations).
 */
class DetectionTimeIntegrationTest {

    @Test
    void killedServerIsDownWithinOneToThreeIntervalsAndUpAgainAfterRestart() {
        DisposableServer node = httpNode(0);
        int port = node.port();
        Registry registry = Cfg.registry("backend b\n    server node1 127.0.0.1:" + port
                + " check inter 500ms rise 2 fall 2\n    server node2 127.0.0.1:" + port + "\n");
        Server node1 = registry.server("b", "node1").orElseThrow();
        List<Timed> changes = new CopyOnWriteArrayList<>();
        registry.subscribe(c -> changes.add(new Timed(System.nanoTime(), c)));
        CheckScheduler scheduler = new CheckScheduler(registry, 1);
        try {
            scheduler.start();
            await().atMost(Duration.ofSeconds(3)).until(() -> node1.status().equals("UP"));

            long killed = System.nanoTime();
            node.disposeNow();
            await().atMost(Duration.ofSeconds(3)).until(() -> node1.status().equals("DOWN"));
            long downAfter = millisUntil(changes, "DOWN", killed);
            assertThat(downAfter).isBetween(500L, 1500L);
            assertThat(changes).extracting(t -> t.change.newStatus()).containsSubsequence("UP 1/2", "DOWN");

            long restarted = System.nanoTime();
            node = httpNode(port);
            await().atMost(Duration.ofSeconds(3)).until(() -> node1.status().equals("UP"));
            long upAfter = millisUntil(changes, "UP", restarted);
            assertThat(upAfter).isBetween(500L, 1500L);
            assertThat(changes).extracting(t -> t.change.newStatus()).containsSubsequence("DOWN", "DOWN 1/2", "UP");
            assertThat(node1.checkDowns()).isEqualTo(1);
            assertThat(node1.lastCheck().status()).isEqualTo("L4OK");
        } finally {
            scheduler.stop();
            node.disposeNow();
        }
    }

    private record Timed(long nanos, StateChange change) {
    }

    private static long millisUntil(List<Timed> changes, String status, long since) {
        return changes.stream().filter(t -> t.nanos >= since && t.change.newStatus().equals(status))
                .mapToLong(t -> (t.nanos - since) / 1_000_000).findFirst().orElseThrow();
    }

    private static DisposableServer httpNode(int port) {
        return HttpServer.create().host("127.0.0.1").port(port)
                .handle((req, res) -> res.sendString(reactor.core.publisher.Mono.just("ok")))
                .bindNow();
    }
}
