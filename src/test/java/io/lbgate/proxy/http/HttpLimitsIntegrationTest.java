package io.lbgate.proxy.http;

import io.lbgate.support.TestGateway;
import io.lbgate.cli.Launcher;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** maxconn in HTTP mode: a server's limit and its queue, and a frontend's limit. */
class HttpLimitsIntegrationTest {
    @TempDir
    static Path dir;

    private static TestOrigin origin;
    private static Launcher.Outcome gateway;
    private static int impatient;
    private static int patient;
    private static int single;

    @BeforeAll
    static void start() throws IOException {
        origin = TestOrigin.start("o");
        impatient = FreePorts.next();
        patient = FreePorts.next();
        single = FreePorts.next();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend impatient
                    bind 127.0.0.1:%1$d
                    default_backend shortqueue
                frontend patient
                    bind 127.0.0.1:%2$d
                    default_backend longqueue
                frontend single
                    bind 127.0.0.1:%3$d
                    maxconn 1
                    default_backend longqueue
                backend shortqueue
                    timeout queue 300ms
                    server o 127.0.0.1:%4$d maxconn 1
                backend longqueue
                    timeout queue 10s
                    server o 127.0.0.1:%4$d maxconn 1
                """.formatted(impatient, patient, single, origin.port()));
        gateway = TestGateway.launch(cfg);
    }

    @AfterAll
    static void stop() {
        if (gateway != null && gateway.started()) {
            gateway.context().close();
        }
        origin.close();
    }

    private static Server server(String backend) {
        return gateway.context().getBean(Registry.class).server(backend, "o").orElseThrow();
    }

    @Test
    void aRequestQueuedLongerThanTimeoutQueueGets503AndTheServerNeverExceedsItsMaxconn() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> get(impatient, "/hold/1500"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> server("shortqueue").counters().currentSessions() == 1);

        String second = get(impatient, "/name");

        assertThat(second).startsWith("HTTP/1.1 503 Service Unavailable");
        assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("o");
        assertThat(server("shortqueue").counters().maxSessions()).isEqualTo(1);
    }

    @Test
    void aQueuedRequestIsServedWhenTheSlotFrees() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> get(patient, "/hold/800"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> server("longqueue").counters().currentSessions() == 1);

        String second = get(patient, "/name");

        assertThat(second).startsWith("HTTP/1.1 200").endsWith("o");
        assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
        // It waited in the backend's queue, and the server never had two at once.
        assertThat(server("longqueue").backend().counters().maxQueue()).isPositive();
        assertThat(server("longqueue").counters().maxSessions()).isEqualTo(1);
    }

    @Test
    void beyondTheFrontendMaxconnAConnectionWaitsUntilAnotherCloses() throws Exception {
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), single)) {
            first.getOutputStream().write(TestOrigin.ascii("GET /name HTTP/1.1\r\nHost: t\r\n\r\n"));
            first.setSoTimeout(5000);
            assertThat(readResponse(first.getInputStream())).startsWith("HTTP/1.1 200");
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), single)) {
                second.getOutputStream().write(TestOrigin.ascii("GET /name HTTP/1.1\r\nHost: t\r\n\r\n"));
                second.setSoTimeout(500);
                // The first connection holds the only slot: the second is not served meanwhile.
                assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                first.close();
                second.setSoTimeout(5000);
                assertThat(readResponse(second.getInputStream())).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aClosedWebSocketGivesItsMaxconnSlotBack() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + single + "/ws"), new java.net.http.WebSocket.Listener() {
                })
                .get(10, TimeUnit.SECONDS);
        ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(ws::isInputClosed);

        // The tunnel is gone: the frontend's only slot must be free again.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), single)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(TestOrigin.ascii("GET /name HTTP/1.1\r\nHost: t\r\n\r\n"));
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    private static String get(int port, String path) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(TestOrigin.ascii("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Status line, headers and body of one response, as one string. */
    private static String readResponse(InputStream in) throws IOException {
        Raw raw = Raw.read(in);
        return raw.head() + raw.body();
    }
}
