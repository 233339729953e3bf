package io.lbgate.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar stopped by signals as {@code docker stop} (SIGTERM) and HAProxy's image
 * (SIGUSR1) stop it, with a slow request in flight.
 */
class GracefulStopIT {

    private static Path config(int port, int backendPort, String global) throws Exception {
        Path cfg = Files.createTempFile("lbgate-stop", ".cfg");
        Files.writeString(cfg, """
                global
                %s
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                """.formatted(global, port, backendPort));
        return cfg;
    }

    @Test
    void sigtermFinishesTheSlowRequestClosesIdleConnectionsRefusesNewOnesAndExitsZero() throws Exception {
        int port = StablePorts.next();
        try (SlowBackend backend = new SlowBackend("s1");
             JarProcess lbgate = JarProcess.start("-f", config(port, backend.port(), "    maxconn 100").toString());
             KeptAliveClient slow = new KeptAliveClient(port);
             KeptAliveClient idle = new KeptAliveClient(port)) {
            assertThat(idle.get("/")).contains("200 OK").contains("served by s1");
            slow.send("/?delay=3000");
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.received() == 2);

            lbgate.signal("TERM");

            await().atMost(Duration.ofSeconds(5)).until(() -> !KeptAliveClient.accepts(port));
            assertThat(idle.closedByPeer()).as("an idle kept-alive connection is closed").isTrue();
            String response = slow.response();
            assertThat(response).contains("200 OK").contains("connection: close").endsWith("served by s1\n");
            assertThat(slow.closedByPeer()).as("closed after its last response").isTrue();
            assertThat(lbgate.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(lbgate.log()).contains("SIGTERM received").contains("Every connection finished");
        }
    }

    @Test
    void sigusr1KeepsAcceptingForGraceThenHardStopAfterEndsWhatIsLeft() throws Exception {
        int port = StablePorts.next();
        try (SlowBackend backend = new SlowBackend("s1");
             JarProcess lbgate = JarProcess.start("-f",
                     config(port, backend.port(), "    grace 3s\n    hard-stop-after 2s").toString());
             KeptAliveClient endless = new KeptAliveClient(port)) {
            endless.send("/?delay=60000");
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.received() == 1);
            long signalled = System.nanoTime();

            lbgate.signal("USR1");

            // During grace new clients are still served (readiness is already false).
            try (KeptAliveClient during = new KeptAliveClient(port)) {
                assertThat(during.get("/")).contains("200 OK");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !KeptAliveClient.accepts(port));
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
            assertThat(lbgate.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(20));
            assertThat(endless.closedByPeer()).isTrue();
            assertThat(lbgate.log()).contains("Scheduling a soft-stop in 3000 ms.")
                    .contains("Grace period expired, proceeding with soft-stop now.")
                    .contains("Closing 1 connection(s) still open (hard-stop-after 2000 ms)");
        }
    }

    @Test
    void aSecondSigtermEndsWhatIsLeftAtOnce() throws Exception {
        int port = StablePorts.next();
        try (SlowBackend backend = new SlowBackend("s1");
             JarProcess lbgate = JarProcess.start("-f", config(port, backend.port(), "    maxconn 100").toString());
             KeptAliveClient endless = new KeptAliveClient(port)) {
            endless.send("/?delay=60000");
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.received() == 1);
            lbgate.signal("TERM");
            await().atMost(Duration.ofSeconds(5)).until(() -> !KeptAliveClient.accepts(port));
            assertThat(lbgate.isAlive()).as("the default deadline (25 s) is not over").isTrue();

            lbgate.signal("TERM");

            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(endless::closedByPeer);
            assertThat(lbgate.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(closed.get()).isTrue();
            assertThat(lbgate.log()).contains("Closing 1 connection(s) still open (second stop signal)");
        }
    }
}
