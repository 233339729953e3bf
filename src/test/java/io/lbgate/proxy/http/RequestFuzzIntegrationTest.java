package io.lbgate.proxy.http;

import io.lbgate.support.FreePorts;
import io.lbgate.support.Mutator;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated requests (the smuggling corpus, bent further by {@link Mutator}) through a real frontend
 * in front of a {@link StrictOrigin}: the server never receives a message it could frame two ways,
 * every answer the client gets is well-formed HTTP, and the gateway keeps serving. Leaks are
 * caught by the leak-detection extension that runs with every test class.
 */
class RequestFuzzIntegrationTest {
    private static final List<String> DICTIONARY = List.of(
            "\r\n", "\n", "\r", "\0", " ", "\t", ",", ";", ":", "\r\n\r\n", "0\r\n\r\n",
            "Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n", "Content-Length: 0\r\n",
            "Host: b\r\n", "Connection: close\r\n", "Connection: upgrade\r\nUpgrade: websocket\r\n",
            "Expect: 100-continue\r\n", "chunked", "gzip, ", "identity", "HTTP/1.0", "HTTP/1.1", "HTTP/2.0",
            "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "POST / HTTP/1.1\r\n", "ffffffffffffffff", "5\r\nhello\r\n",
            "http://b/", "*", "CONNECT ", "\u00ff", "%00", " \t ", "\r\n ");

    @TempDir
    static Path dir;

    private static StrictOrigin origin;
    private static TestGateway gateway;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        origin = new StrictOrigin();
        port = FreePorts.next();
        gateway = TestGateway.start(dir, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 2s
                    timeout server 2s
                    timeout http-request 500ms
                    timeout http-keep-alive 100ms
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(port, origin.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        gateway.close();
        origin.close();
    }

    @Test
    void mutatedRequestsNeverReachTheServerAmbiguouslyNorBreakTheGateway() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (RequestSmugglingCorpusIntegrationTest.Vector v : RequestSmugglingCorpusIntegrationTest.Vector.corpus()) {
            seeds.add(v.request());
        }
        long seed = Mutator.seed();
        Mutator mutator = new Mutator(seed, seeds, DICTIONARY);
        long deadline = System.nanoTime() + Mutator.budget(Duration.ofSeconds(30)).toNanos();
        int runs = 0;
        int forwarded = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = mutator.next();
            String answer = send(input, 150);
            List<String> received = origin.drain();
            forwarded += received.size();
            String context = "seed " + seed + ", input " + Mutator.show(input) + ", answer " + answer
                    + ", server received " + received;
            assertThat(received).as(context).noneMatch(r -> r.startsWith("AMBIGUOUS"));
            assertThat(answer).as(context).doesNotContain("junk");
            if (++runs % 50 == 0) {
                // Patient: on a loaded machine a healthy gateway may take longer than 150 ms.
                assertThat(send("GET /alive HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 5000))
                        .as("the gateway still serves after " + context).isEqualTo("200");
                origin.drain();
            }
        }
        System.out.printf("request fuzz: seed %d, %d inputs, %d requests forwarded%n", seed, runs, forwarded);
        assertThat(runs).isGreaterThan(50);
        assertThat(forwarded).as("mutants that reached the server (the fuzzer must get past the codec)").isPositive();
    }

    /** Sends {@code request}; the statuses answered until the gateway closes or is quiet for {@code quietMillis}. */
    private static String send(byte[] request, int quietMillis) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(quietMillis);
            try {
                socket.getOutputStream().write(request);
            } catch (IOException refusedMidway) {
                // the gateway answered and closed before taking everything: read what it said
            }
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            long deadline = System.nanoTime() + Duration.ofMillis(Math.max(2000, quietMillis)).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    int n = in.read(chunk);
                    if (n < 0) {
                        break;
                    }
                    answer.write(chunk, 0, n);
                } catch (SocketTimeoutException quiet) {
                    break;
                } catch (IOException reset) {
                    break;
                }
            }
        }
        return RequestSmugglingCorpusIntegrationTest.Verdict.of(answer.toByteArray());
    }
}
