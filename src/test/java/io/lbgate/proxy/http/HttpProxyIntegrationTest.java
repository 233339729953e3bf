package io.lbgate.proxy.http;

import io.lbgate.registry.Counters;
import io.lbgate.support.TestGateway;
import io.lbgate.cli.Launcher;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode end to end: the gateway started from a haproxy.cfg in front of real origin servers on
 * loopback, spoken to over real sockets.
 */
class HttpProxyIntegrationTest {
    @TempDir
    static Path dir;

    private static TestOrigin a;
    private static TestOrigin b;
    private static Launcher.Outcome gateway;
    private static int web;
    private static int dead;
    private static int mixed;
    private static int serverClose;
    private static int impatient;
    private static int logged;
    private static int slowClient;
    private static java.net.DatagramSocket syslog;
    private static final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        a = TestOrigin.start("a");
        b = TestOrigin.start("b");
        web = FreePorts.next();
        dead = FreePorts.next();
        mixed = FreePorts.next();
        serverClose = FreePorts.next();
        impatient = FreePorts.next();
        logged = FreePorts.next();
        slowClient = FreePorts.next();
        syslog = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
        syslog.setSoTimeout(10_000);
        int closed1 = FreePorts.next();
        int closed2 = FreePorts.next();
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, """
                defaults
                    mode http
                    retries 2
                    timeout connect 1s
                    timeout client 10s
                    timeout server 30s
                    timeout http-request 1s
                frontend web
                    bind 127.0.0.1:%1$d
                    option forwardfor except 10.0.0.0/8
                    default_backend nodes
                frontend dead
                    bind 127.0.0.1:%2$d
                    default_backend deadnodes
                frontend mixed
                    bind 127.0.0.1:%3$d
                    default_backend mixednodes
                frontend serverclose
                    bind 127.0.0.1:%4$d
                    option http-server-close
                    default_backend nodes
                frontend logged
                    bind 127.0.0.1:%10$d accept-proxy
                    option httplog
                    option forwardfor
                    log 127.0.0.1:%11$d local0
                    default_backend nodes
                frontend slowclient
                    bind 127.0.0.1:%12$d
                    timeout client 1s
                    default_backend nodes
                frontend impatient
                    bind 127.0.0.1:%9$d
                    default_backend impatientnodes
                backend impatientnodes
                    timeout server 1s
                    server a 127.0.0.1:%5$d
                backend nodes
                    server a 127.0.0.1:%5$d
                    server b 127.0.0.1:%6$d
                backend deadnodes
                    server d1 127.0.0.1:%7$d
                    server d2 127.0.0.1:%8$d
                backend mixednodes
                    option redispatch
                    server d1 127.0.0.1:%7$d
                    server a 127.0.0.1:%5$d
                """.formatted(web, dead, mixed, serverClose, a.port(), b.port(), closed1, closed2, impatient, logged, syslog.getLocalPort(), slowClient));
        gateway = TestGateway.launch(cfg);
    }

    @AfterAll
    static void stop() {
        if (gateway != null && gateway.started()) {
            gateway.context().close();
        }
        a.close();
        b.close();
        syslog.close();
    }

    /** Sessions the servers of backend 'nodes' were ever given: what reached a server. */
    private static long serverSessions() {
        return registry().backend("nodes").orElseThrow().servers().stream()
                .mapToLong(s -> s.counters().totalSessions()).sum();
    }

    private static Registry registry() {
        return gateway.context().getBean(Registry.class);
    }

    @Test
    void requestsOnOneKeptAliveConnectionAreEachBalanced() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                bodies.add(Raw.exchange(socket, "GET /name HTTP/1.1\r\nHost: t\r\n\r\n").body());
            }
            // Other tests share the backend, so the cycle may start at either server; what matters
            // is that each request is balanced on its own: a b a b or b a b a.
            String first = bodies.get(0);
            String second = first.equals("a") ? "b" : "a";
            assertThat(bodies).containsExactly(first, second, first, second);
        }
    }

    @Test
    void forwardForAppendsALineAndHopByHopHeadersAreDropped() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "GET /headers HTTP/1.1\r\nHost: example.test\r\n"
                    + "X-Forwarded-For: 1.1.1.1\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\n\r\n");
            Map<String, String> seen = TestOrigin.parseHeaders(raw.body());
            assertThat(seen).containsEntry("host", "example.test")
                    .containsEntry("x-forwarded-for", "1.1.1.1|127.0.0.1")
                    .doesNotContainKeys("x-secret", "keep-alive", "te");
        }
    }

    @Test
    void forwardedResponseHeaderNamesAreLowerCasedAsHaproxyWritesThem() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "GET /capitalised HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(raw.head()).contains("\r\nx-upper-case: Yes\r\n").contains("\r\ncontent-type: text/plain\r\n");
            assertThat(raw.head().lines().skip(1).filter(l -> !l.isEmpty()))
                    .allSatisfy(line -> assertThat(line.substring(0, line.indexOf(':')))
                            .isEqualTo(line.substring(0, line.indexOf(':')).toLowerCase()));
        }
    }

    /**
     * HAProxy 2.6's default {@code http-reuse safe}: observed with 2.6.12, three clients one after
     * the other reach the server over three connections, while one client's later requests reuse one.
     */
    @Test
    void aClientsFirstRequestGetsAServerConnectionOfItsOwnAndItsNextOnesReuse() throws Exception {
        Set<String> firstRequestPorts = new HashSet<>();
        for (int client = 0; client < 4; client++) {
            // impatient: one server, so that every request of a client goes to the same one.
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), impatient)) {
                String first = Raw.exchange(socket, "GET /peer HTTP/1.1\r\nHost: t\r\n\r\n").body();
                String second = Raw.exchange(socket, "GET /peer HTTP/1.1\r\nHost: t\r\n\r\n").body();
                assertThat(second).as("the same client's next request").isEqualTo(first);
                firstRequestPorts.add(first);
            }
        }
        assertThat(firstRequestPorts).as("one server connection per client's first request").hasSize(4);
    }

    @Test
    void forwardedRequestHeaderNamesAreLowerCasedAsHaproxyWritesThem() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "GET /header-names HTTP/1.1\r\nHost: t\r\n"
                    + "X-Custom-Header: a\r\nACCEPT-Language: en\r\n\r\n");
            assertThat(raw.body().lines()).contains("host", "x-custom-header", "accept-language")
                    .allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase()));
        }
    }

    @Test
    void httpServerCloseAsksTheServerToCloseAndKeepsTheClientConnection() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), serverClose)) {
            Raw first = Raw.exchange(socket, "GET /headers HTTP/1.1\r\nHost: t\r\n\r\n");
            Raw second = Raw.exchange(socket, "GET /headers HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(TestOrigin.parseHeaders(first.body())).containsEntry("connection", "close");
            assertThat(second.status()).isEqualTo(200);
            assertThat(first.head()).doesNotContainIgnoringCase("connection: close");
        }
    }

    @Test
    void uploadAndDownloadStreamIntact() throws Exception {
        byte[] body = new byte[48 * 1024 * 1024];
        new Random(7).nextBytes(body);
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/sha256"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).isEqualTo(TestOrigin.sha256(body) + " " + body.length);

        HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + web + "/stream/64")).build(), HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                total += n;
            }
        }
        assertThat(total).isEqualTo(64L * 1024 * 1024);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }
        for (int i = 0; i < 64 * 16; i++) {
            expected.update(chunk);
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }

    @Test
    void aSlowClientGetsTheWholeBodyAndServerConnectionsStayUsable() throws Exception {
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), web));
            slow.getOutputStream().write(TestOrigin.ascii("GET /stream/8 HTTP/1.1\r\nHost: t\r\n\r\n"));
            // Wait until the proxy has stopped sending: the client is not reading, so backpressure
            // has paused the server connection.
            var counters = registry().frontend("web").orElseThrow().counters();
            long[] last = {-1};
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        long now = counters.bytesOut();
                        boolean stalled = now == last[0];
                        last[0] = now;
                        return stalled;
                    });
            Raw raw = Raw.read(slow.getInputStream());
            assertThat(raw.body().length()).isEqualTo(8 * 1024 * 1024);
        }
        // Every event loop's pooled connections must still answer.
        for (int i = 0; i < 6; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
                assertThat(Raw.exchange(socket, "GET /name HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
                assertThat(Raw.exchange(socket, "GET /name HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void noReachableServerAnswersHaproxys503AfterTheRetries() throws Exception {
        long retriesBefore = registry().backend("deadnodes").orElseThrow().counters().retries();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), dead)) {
            Raw raw = Raw.exchange(socket, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            // Byte for byte as HAProxy 2.6 generates it, lower-case header names included.
            assertThat(raw.head()).isEqualTo("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\n"
                    + "cache-control: no-cache\r\ncontent-type: text/html\r\n\r\n");
            assertThat(raw.body()).isEqualTo("<html><body><h1>503 Service Unavailable</h1>\n"
                    + "No server is available to handle this request.\n</body></html>\n");
        }
        assertThat(registry().backend("deadnodes").orElseThrow().counters().retries() - retriesBefore).isEqualTo(2);
    }

    @Test
    void redispatchMovesTheLastRetryToAnotherServer() throws Exception {
        for (int i = 0; i < 4; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), mixed)) {
                Raw raw = Raw.exchange(socket, "GET /name HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(raw.status()).isEqualTo(200);
                assertThat(raw.body()).isEqualTo("a");
            }
        }
        assertThat(registry().backend("mixednodes").orElseThrow().counters().redispatches()).isPositive();
    }

    @Test
    void aServerThatDoesNotAnswerInTimeGets504() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), impatient)) {
            Raw raw = Raw.exchange(socket, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(raw.head()).startsWith("HTTP/1.1 504 Gateway Time-out\r\n");
            assertThat(raw.body()).contains("The server didn't respond in time.");
        }
    }

    @Test
    void aClientThatStopsSendingItsBodyIsCutAfterTimeoutClient() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), slowClient)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(TestOrigin.ascii(
                    "POST /count HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
            Raw raw = Raw.read(socket.getInputStream());
            assertThat(raw.head()).startsWith("HTTP/1.1 408 Request Time-out\r\n");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                registry().backend("nodes").orElseThrow().servers().stream()
                        .allMatch(s -> s.counters().currentSessions() == 0));
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedAndNeverForwarded() throws Exception {
        long before = serverSessions();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "POST /count HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n");
            assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad request\r\n").containsIgnoringCase("connection: close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(serverSessions()).isEqualTo(before);
    }

    @Test
    void aBadChunkSizeIsRefusedBeforeAnythingReachesAServer() throws Exception {
        long before = serverSessions();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "POST /count HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabcd\r\n0\r\n\r\n");
            assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad request\r\n");
        }
        assertThat(serverSessions()).isEqualTo(before);
    }

    @Test
    void differingDuplicateContentLengthsAreRefused() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "POST /count HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");
            assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad request\r\n");
        }
    }

    @Test
    void aRequestLineThatIsNotHttpGets400AndOneRequestError() throws Exception {
        Counters counters = gateway.context().getBean(Registry.class).frontend("web").orElseThrow().counters();
        long errorsBefore = counters.requestErrors();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            Raw raw = Raw.exchange(socket, "GARBAGE\r\n\r\n");
            assertThat(raw.head()).startsWith("HTTP/1.1 400 Bad request\r\n");
        }
        assertThat(counters.requestErrors() - errorsBefore).isEqualTo(1);
    }

    @Test
    void anIncompleteRequestGets408AfterTimeoutHttpRequest() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), web)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(TestOrigin.ascii("GET / HTTP/1.1\r\nHost: t\r\n"));
            out.flush();
            Raw raw = Raw.read(socket.getInputStream());
            assertThat(raw.head()).startsWith("HTTP/1.1 408 Request Time-out\r\n").containsIgnoringCase("connection: close");
        }
    }

    @Test
    void webSocketFramesAndCloseCodesPassThrough() throws Exception {
        List<String> echoed = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + web + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        echoed.add(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }
                })
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendText("one", true).get(5, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendText("two", true).get(5, java.util.concurrent.TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> echoed.size() == 2);
        socket.sendClose(4001, "bye").get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(echoed).containsExactly("one", "two");
        assertThat(closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("4001 bye");
    }

    @Test
    void acceptProxyMakesTheHeaderSourceTheClientAndHttplogGoesToSyslog() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), logged)) {
            Raw raw = Raw.exchange(socket, "PROXY TCP4 192.0.2.10 127.0.0.1 40000 80\r\n"
                    + "GET /headers HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(TestOrigin.parseHeaders(raw.body())).containsEntry("x-forwarded-for", "192.0.2.10");
        }
        java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[2048], 2048);
        syslog.receive(packet);
        String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        assertThat(datagram).matches("<134>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[\\d+\\]: "
                + "192\\.0\\.2\\.10:40000 \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] "
                + "logged nodes/[ab] \\d+/0/\\d+/\\d+/\\d+ 200 \\d+ - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 "
                + "\"GET /headers HTTP/1\\.1\"\n");
    }

    @Test
    void aMissingProxyHeaderOnAnAcceptProxyBindClosesTheConnection() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), logged)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(TestOrigin.ascii("GET / HTTP/1.1\r\nHost: t\r\n\r\n"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
