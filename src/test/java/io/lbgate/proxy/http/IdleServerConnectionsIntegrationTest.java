package io.lbgate.proxy.http;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Idle keep-alive server connections are purged as HAProxy's pool-purge-delay (5 s) purges them. */
class IdleServerConnectionsIntegrationTest {
    @TempDir
    static Path dir;

    private static TestOrigin origin;
    private static TestGateway gateway;
    private static int web;

    @BeforeAll
    static void start() throws IOException {
        origin = TestOrigin.start("o");
        web = FreePorts.next();
        gateway = TestGateway.start(dir, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    server o 127.0.0.1:%d
                """.formatted(web, origin.port()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        origin.close();
    }

    @Test
    void idleServerConnectionsAreClosedAfterThePurgeDelay() throws Exception {
        // Each client's first request opens a server connection of its own, which stays idle after.
        for (int client = 0; client < 3; client++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
                assertThat(Raw.exchange(socket, "GET / HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
            }
        }
        assertThat(origin.openConnections()).as("idle right after the requests").isEqualTo(3);

        // Every 5 s half of those idle since the previous purge go (rounded up): gone within two rounds.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> origin.openConnections() == 0);
    }
}
