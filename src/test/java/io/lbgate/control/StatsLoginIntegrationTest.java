package io.lbgate.control;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

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
}
