package io.lbgate.control;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stats login through the real control plane: exact names, and a limit on guessing. */
class StatsLoginIntegrationTest {
    @TempDir
    static Path dir;

    private static TestGateway gateway;
    private static int statsPort;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        statsPort = FreePorts.next();
        gateway = TestGateway.start(dir, """
                listen stats
                    mode http
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats auth admin:admin
                    stats auth ops:s3cret
                """.formatted(statsPort));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private int get(String user, String password) throws IOException, InterruptedException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/haproxyadmin;csv"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void userNamesAreCaseSensitiveAndRepeatedFailuresFromOneAddressAreRefusedUnchecked() throws Exception {
        assertThat(get("admin", "admin")).isEqualTo(200);
        assertThat(get("ADMIN", "admin")).isEqualTo(401);
        assertThat(get("ops", "s3cret")).isEqualTo(200);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(get("ops", "guess" + i)).isEqualTo(401);
        }
        // Five failures in a row (the success before them cleared ADMIN's): now even the right
        // password is refused from this address until the window ends.
        assertThat(get("ops", "s3cret")).isEqualTo(401);
    }

    /**
     * The refusal of a blocked address is made on the connection, before the application (its own
     * counter moves), after a delay; the probes stay open to that address; the right password works
     * again once the window ends.
     */
    @Test
    void aBlockedAddressIsRefusedBeforeTheApplicationButItsProbesAreServedAndTheWindowEnds() throws Exception {
        LoginThrottle throttle = gateway.outcome().context().getBean(LoginThrottle.class);
        BlockedLogins.Guards guards = gateway.outcome().context().getBean(BlockedLogins.Guards.class);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES && !throttle.blocked("127.0.0.1"); i++) {
            assertThat(get("ops", "guess" + i)).isEqualTo(401);
        }
        assertThat(throttle.blocked("127.0.0.1")).isTrue();

        long refusedBefore = guards.refused();
        long started = System.nanoTime();
        assertThat(get("ops", "guess")).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(BlockedLogins.DELAY_MILLIS));
        assertThat(guards.refused()).isEqualTo(refusedBefore + 1);
        try (Socket socket = new Socket("127.0.0.1", statsPort)) {
            socket.setSoTimeout(5_000);
            for (int attempt = 0; attempt < 2; attempt++) {
                socket.getOutputStream().write(("GET /haproxyadmin HTTP/1.1\r\nHost: gw\r\nAuthorization: "
                        + basic("ops", "guess") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(head(socket.getInputStream())).as("attempt %d on one connection", attempt)
                        .startsWith("HTTP/1.1 401 ");
            }
        }
        assertThat(guards.refused()).isEqualTo(refusedBefore + 3);

        for (String probe : StatsSecurity.OPEN_PROBES) {
            assertThat(status(probe, null)).as(probe).isEqualTo(200);
            assertThat(status(probe, basic("ops", "s3cret"))).as(probe + " with credentials").isEqualTo(200);
            assertThat(status(probe, basic("ops", "guess"))).as(probe + " with wrong credentials").isEqualTo(200);
        }
        assertThat(guards.refused()).as("probes are not refused early").isEqualTo(refusedBefore + 3);

        await().atMost(Duration.ofNanos(LoginThrottle.WINDOW_NANOS).plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(get("ops", "s3cret")).isEqualTo(200));
        assertThat(throttle.blocked("127.0.0.1")).as("a success clears the address").isFalse();
    }

    /** Reads a response head (the refusal has no body). */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private int status(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
