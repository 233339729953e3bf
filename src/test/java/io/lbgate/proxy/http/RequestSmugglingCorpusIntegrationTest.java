package io.lbgate.proxy.http;

import io.lbgate.support.FreePorts;
import io.lbgate.support.SystemPackage;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request in {@code hostile/requests.tsv} — the request-smuggling and malformed-message
 * vectors of the public literature (CL.TE, TE.CL, TE.TE obfuscations, header name and value oddities,
 * chunk-size and chunk-extension tricks, bare CR and LF, pipelining behind a bad request) — is sent
 * as raw bytes to lbgate, in front of a {@link StrictOrigin}. Each line records what HAProxy 2.6.12
 * answered and what lbgate answers (the statuses the client gets, in order). The test checks that
 * lbgate answers exactly that, that its server received exactly the requests answered 200 and never
 * an ambiguous message, and that lbgate never forwards more than HAProxy did. With HAProxy installed
 * the same bytes go through it on the same configuration and its answers must still be the
 * recorded ones, so the corpus cannot drift from the oracle.
 */
class RequestSmugglingCorpusIntegrationTest {
    @TempDir
    static Path dir;

    private static StrictOrigin lbgateOrigin;
    private static StrictOrigin haproxyOrigin;
    private static TestGateway gateway;
    private static Process haproxy;
    private static int lbgatePort;
    private static int haproxyPort;

    private static final String CFG = """
            defaults
                mode http
                timeout connect 1s
                timeout client 3s
                timeout server 3s
                timeout http-request 1s
                timeout http-keep-alive 100ms
            frontend fe
                bind 127.0.0.1:%d
                default_backend be
            backend be
                server s1 127.0.0.1:%d
            """;

    @BeforeAll
    static void start() throws IOException {
        lbgateOrigin = new StrictOrigin();
        lbgatePort = FreePorts.next();
        gateway = TestGateway.start(dir, CFG.formatted(lbgatePort, lbgateOrigin.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (haproxy != null) {
            haproxy.destroy();
        }
        lbgateOrigin.close();
        if (haproxyOrigin != null) {
            haproxyOrigin.close();
        }
    }

    @Test
    void nothingHaproxyRefusesReachesAServerThroughLbgate() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Vector vector : Vector.corpus()) {
            if (Verdict.forwarded(vector.lbgate()) > Verdict.forwarded(vector.haproxy())) {
                problems.add(vector.name() + ": recorded lbgate verdict forwards more than HAProxy");
            }
            String answered = Verdict.of(send(lbgatePort, vector.request()));
            List<String> received = lbgateOrigin.drain();
            if (!answered.equals(vector.lbgate())) {
                problems.add(vector.name() + ": lbgate answered " + answered + ", expected " + vector.lbgate());
            }
            if (received.size() != Verdict.forwarded(vector.lbgate())
                    || received.stream().anyMatch(r -> r.startsWith("AMBIGUOUS"))) {
                problems.add(vector.name() + ": server received " + received);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theRecordedHaproxyVerdictsAreHaproxys() throws IOException {
        SystemPackage.require("/usr/sbin/haproxy", "haproxy");
        startHaproxy();
        List<String> problems = new ArrayList<>();
        for (Vector vector : Vector.corpus()) {
            String answered = Verdict.of(send(haproxyPort, vector.request()));
            List<String> received = haproxyOrigin.drain();
            if (!answered.equals(vector.haproxy())) {
                problems.add(vector.name() + ": HAProxy answered " + answered + ", recorded " + vector.haproxy());
            }
            if (received.size() > Verdict.forwarded(vector.haproxy())) {
                problems.add(vector.name() + ": HAProxy's server received " + received);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void startHaproxy() throws IOException {
        haproxyOrigin = new StrictOrigin();
        haproxyPort = FreePorts.next();
        Path cfg = dir.resolve("oracle.cfg");
        Files.writeString(cfg, CFG.formatted(haproxyPort, haproxyOrigin.port()));
        haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("oracle.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), haproxyPort)) {
                return probe.isConnected();
            }
        });
    }

    /** Sends {@code request} and collects all the proxy answers until it closes (at most 2 s). */
    static byte[] send(int port, byte[] request) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            byte[] chunk = new byte[8192];
            while (System.nanoTime() < deadline) {
                try {
                    int n = in.read(chunk);
                    if (n < 0) {
                        break;
                    }
                    answer.write(chunk, 0, n);
                } catch (SocketTimeoutException quiet) {
                    // keep waiting until the deadline: a refusal may follow a forwarded request
                } catch (IOException reset) {
                    break;
                }
            }
        }
        return answer.toByteArray();
    }

    /** One corpus line: name, HAProxy's answers, lbgate's answers, the raw request. */
    record Vector(String name, String haproxy, String lbgate, byte[] request) {
        static List<Vector> corpus() throws IOException {
            List<Vector> vectors = new ArrayList<>();
            try (InputStream in = Objects.requireNonNull(
                    RequestSmugglingCorpusIntegrationTest.class.getResourceAsStream("/hostile/requests.tsv"))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t", 4);
                    vectors.add(new Vector(f[0], f[1], f[2], unescape(f[3])));
                }
            }
            vectors.add(manyHeaders(99, "200", "200"));
            vectors.add(manyHeaders(100, "400", "400"));
            vectors.add(manyHeaders(101, "400", "400"));
            return vectors;
        }

        /** A GET with Host and {@code extra} more header lines. */
        private static Vector manyHeaders(int extra, String haproxy, String lbgate) {
            StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
            for (int i = 0; i < extra; i++) {
                request.append("X-").append(i).append(": v\r\n");
            }
            request.append("\r\n");
            return new Vector("header_lines_" + (extra + 1), haproxy, lbgate,
                    request.toString().getBytes(StandardCharsets.US_ASCII));
        }

        /** {@code \r \n \t \\ \xHH} escapes, so that every byte of a vector is visible in the file. */
        static byte[] unescape(String text) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                char e = text.charAt(++i);
                switch (e) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case 'x' -> {
                        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> out.write(e);
                }
            }
            return out.toByteArray();
        }
    }

    /** What a client received, as the statuses of the answers in order ({@code 200+400}). */
    static final class Verdict {
        private Verdict() {
        }

        static String of(byte[] answer) {
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            if (text.isEmpty()) {
                return "-";
            }
            List<String> statuses = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                if (!text.startsWith("HTTP/1.1 ", at) || text.length() < at + 12) {
                    statuses.add(text.charAt(at) == 0 ? "h2" : "junk");
                    break;
                }
                statuses.add(text.substring(at + 9, at + 12));
                int headEnd = text.indexOf("\r\n\r\n", at);
                if (headEnd < 0) {
                    break;
                }
                String head = text.substring(at, headEnd).toLowerCase();
                int cl = head.indexOf("content-length:");
                int length = cl < 0 ? 0 : Integer.parseInt(head.substring(cl + 15).split("\r\n")[0].trim());
                at = headEnd + 4 + length;
            }
            return String.join("+", statuses);
        }

        /** Requests that reached the server: answered by it (200) or refused by it (502). */
        static long forwarded(String verdict) {
            return List.of(verdict.split("\\+")).stream().filter(s -> s.equals("200") || s.equals("502")).count();
        }
    }
}
