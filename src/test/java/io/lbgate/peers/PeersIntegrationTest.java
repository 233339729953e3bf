package io.lbgate.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lbgate.admin.AuditEntry;
import io.lbgate.admin.AuditLog;
import io.lbgate.cli.Launcher;
import io.lbgate.config.ConfigReloader;
import io.lbgate.config.PeersConfig;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.support.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two gateways in this JVM, as a pair on loopback: each its own haproxy.cfg naming itself with
 * {@code localpeer}, the same {@code peers} section, the same shared secret, the same two HTTP
 * servers. What an operator does on one shows on the other; strangers on the peer port are refused
 * and logged; a peer that is down changes nothing for traffic.
 */
class PeersIntegrationTest {
    private static final String SECRET = "pair-secret-of-the-test-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    /**
     * The data nodes: the JDK's HTTP server, not Reactor Netty's, because closing a gateway's
     * context disposes Reactor Netty's global loops, which would stop such servers with it.
     */
    private final List<com.sun.net.httpserver.HttpServer> servers = new java.util.ArrayList<>();
    private final int[] peerPort = {FreePorts.next(), FreePorts.next()};
    private final int[] frontend = {FreePorts.next(), FreePorts.next()};
    private final int[] stats = {FreePorts.next(), FreePorts.next()};
    private final int[] api = {FreePorts.next(), FreePorts.next()};
    private final Launcher.Outcome[] nodes = new Launcher.Outcome[2];
    private ListAppender<ILoggingEvent> peerLog;

    @BeforeEach
    void startPair() throws IOException {
        for (String name : List.of("s1", "s2")) {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", exchange -> {
                byte[] body = ("served by " + name + "\n").getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            servers.add(server);
        }
        nodes[0] = start(0);
        nodes[1] = start(1);
        peerLog = new ListAppender<>();
        peerLog.start();
        logger(PeerLinks.class).addAppender(peerLog);
        logger(PeerReachability.class).addAppender(peerLog);
        awaitLinked();
    }

    @AfterEach
    void stopPair() {
        logger(PeerLinks.class).detachAppender(peerLog);
        logger(PeerReachability.class).detachAppender(peerLog);
        for (Launcher.Outcome node : nodes) {
            if (node != null && node.context().isActive()) {
                node.context().close();
            }
        }
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void drainWeightAndMaintOnOneNodeShowOnTheOtherWithinASecond() throws Exception {
        assertThat(api(0, "set server be/s1 state drain")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).until(() -> server(1, "s1").adminState() == AdminState.DRAIN);

        assertThat(api(0, "set weight be/s2 7")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).until(() -> server(1, "s2").userWeight() == 7);

        assertThat(postForm(1, "action=maint&s=s2&b=be").statusCode()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(1)).until(() -> server(0, "s2").adminState() == AdminState.MAINT);
        // Each node's stats page (its CSV) shows the same admin state.
        await().atMost(Duration.ofSeconds(1)).until(() -> csvStatus(0, "s2").equals(csvStatus(1, "s2"))
                && csvStatus(0, "s1").equals(csvStatus(1, "s1")));
        assertThat(csvStatus(0, "s2")).isEqualTo("MAINT");

        // The applied change is audited on the receiving node as the peer's, and not sent back.
        List<AuditEntry> audit = nodes[0].context().getBean(AuditLog.class).entries();
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("peer lb2");
            assertThat(e.action()).isEqualTo("maint (from peer)");
            assertThat(e.server()).isEqualTo("s2");
        });
        assertThat(nodes[1].context().getBean(AuditLog.class).entries())
                .noneMatch(e -> e.user().equals("peer lb1") && e.action().startsWith("maint"));

        // Back to READY on the second node: the first follows (last writer wins).
        assertThat(api(1, "set server be/s2 state ready")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).until(() -> server(0, "s2").adminState() == AdminState.READY);
    }

    @Test
    void aRestartedNodeTakesItsPeersState() throws Exception {
        assertThat(api(0, "set server be/s1 state maint")).isEmpty();
        assertThat(api(0, "set weight be/s2 3")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).until(() -> server(1, "s1").adminState() == AdminState.MAINT);
        nodes[1].context().close();
        nodes[1] = start(1);
        // Its configuration says READY and weight 1; its peer says otherwise, and the peer's operator wins,
        // already when the start returns: before its data plane took a request.
        assertThat(server(1, "s1").adminState()).isEqualTo(AdminState.MAINT);
        assertThat(server(1, "s2").userWeight()).isEqualTo(3);
        assertThat(get(1).statusCode()).isEqualTo(200);
        assertThat(statsPage(1)).contains("peer lb1 127.0.0.1:" + peerPort[0] + " connected since");
    }

    /**
     * A reload keeps the link; a server the peer changed before this node had it takes the peer's
     * state when a reload adds it.
     */
    @Test
    void aReloadKeepsTheLinkAndAnAddedServerTakesThePeersState() throws Exception {
        writeConfig(1, true);
        assertThat(nodes[1].context().getBean(ConfigReloader.class).reload("test").applied()).isTrue();
        assertThat(api(1, "set server be2/s3 state drain")).isEmpty();
        assertThat(api(1, "set server be/s1 state maint")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).until(() -> server(0, "s1").adminState() == AdminState.MAINT);

        writeConfig(0, true);
        assertThat(nodes[0].context().getBean(ConfigReloader.class).reload("test").applied()).isTrue();
        Registry registry = nodes[0].context().getBean(Registry.class);
        await().atMost(Duration.ofSeconds(1)).until(() -> registry.server("be2", "s3").orElseThrow().adminState()
                == AdminState.DRAIN);
        assertThat(server(0, "s1").adminState()).isEqualTo(AdminState.MAINT);
        assertThat(peerLinks(0).reachability("lb2")).isEqualTo(PeerReachability.State.CONNECTED);
        assertThat(api(0, "set server be/s1 state ready")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).until(() -> server(1, "s1").adminState() == AdminState.READY);
    }

    @Test
    void somethingElseOnThePeerPortIsRefusedAndLoggedWhileTrafficFlows() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", peerPort[0]), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("the node closes the connection without answering").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> logged("refused connection from 127.0.0.1")
                && logged("not lbgate's peer protocol (first bytes 'GET / HTTP/1.1\\x0d\\x0aHost: x"));

        // A node that knows the names but not the secret: refused, logged on both sides.
        PeersConfig.Section section = new PeersConfig.Section("pair", null, false, List.of(
                new PeersConfig.Peer("lb1", "127.0.0.1", peerPort[0], null),
                new PeersConfig.Peer("lb2", "127.0.0.1", FreePorts.next(), null)));
        PeerSecret wrong = PeerSecret.of("not-the-secret-of-this-pair", null);
        PeerLinks impostor = new PeerLinks(PeerSettings.of("lb2", section, wrong, PeerTimings.DEFAULT),
                new SharedAdminState("lb2", new HybridClock(Clock.systemUTC())), (c, e) -> { }, Clock.systemUTC());
        impostor.start();
        try {
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(logLines())
                    .anyMatch(l -> l.contains("refused connection from 127.0.0.1")
                            && l.contains("(says it is peer lb2): the peer says: authentication failed: wrong shared secret")));
            assertThat(impostor.reachability("lb1")).isEqualTo(PeerReachability.State.UNREACHABLE);
        } finally {
            impostor.stop();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(get(0).statusCode()).isEqualTo(200);
        }
        assertThat(peerLinks(0).reachability("lb2")).isEqualTo(PeerReachability.State.CONNECTED);
    }

    @Test
    void aPeerThatIsDownChangesNothingForTraffic() throws Exception {
        assertThat(get(0).statusCode()).isEqualTo(200);
        nodes[1].context().close();
        await().atMost(Duration.ofSeconds(8)).until(() -> peerLinks(0).reachability("lb2")
                == PeerReachability.State.UNREACHABLE);
        for (int i = 0; i < 50; i++) {
            assertThat(get(0).statusCode()).isEqualTo(200);
        }
        assertThat(api(0, "set server be/s1 state drain")).isEmpty();
        assertThat(server(0, "s1").adminState()).isEqualTo(AdminState.DRAIN);
        // The page's header line (the other context's close took this JVM's shared Reactor Netty loops,
        // and with them this node's stats listener: the line is read where the page reads it).
        assertThat(nodes[0].context().getBean(Peers.class).statusLines())
                .singleElement().asString().startsWith("peer lb2 127.0.0.1:" + peerPort[1] + " unreachable since");
        // One line for the loss, not one per reconnect attempt.
        long before = peerLog.list.stream().filter(e -> e.getFormattedMessage().contains("Peer lb2")).count();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(peerLog.list.stream().filter(e -> e.getFormattedMessage().contains("Peer lb2")).count())
                .isEqualTo(before);
    }

    // ---- helpers ----

    private Launcher.Outcome start(int i) throws IOException {
        Path file = writeConfig(i, false);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Launcher.Outcome outcome = new Launcher(quiet, quiet).run("-f", file.toString(),
                "--spring.main.banner-mode=off", "--lbgate.peers.secret=" + SECRET);
        assertThat(outcome.started()).as(sink.toString(StandardCharsets.UTF_8)).isTrue();
        return outcome;
    }

    /** Node {@code i}'s haproxy.cfg; {@code withS3} adds a third server to the backend. */
    private Path writeConfig(int i, boolean withS3) throws IOException {
        String cfg = """
                global
                    localpeer lb%d
                    stats socket 127.0.0.1:%d level admin
                peers pair
                    peer lb1 127.0.0.1:%d
                    peer lb2 127.0.0.1:%d
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                    server s2 127.0.0.1:%d
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                    stats auth ops:secret
                    stats admin if TRUE
                """.formatted(i + 1, api[i], peerPort[0], peerPort[1], frontend[i], port(0), port(1),
                stats[i]);
        if (withS3) {
            cfg += "backend be2\n    server s3 127.0.0.1:" + port(1) + "\n";
        }
        return Files.writeString(dir.resolve("lb" + (i + 1) + ".cfg"), cfg);
    }

    private int port(int server) {
        return servers.get(server).getAddress().getPort();
    }

    private void awaitLinked() {
        await().atMost(Duration.ofSeconds(5)).until(() -> peerLinks(0).reachability("lb2")
                == PeerReachability.State.CONNECTED && peerLinks(1).reachability("lb1") == PeerReachability.State.CONNECTED);
    }

    private PeerLinks peerLinks(int i) {
        return nodes[i].context().getBean(Peers.class).links().orElseThrow();
    }

    private Server server(int i, String name) {
        return nodes[i].context().getBean(Registry.class).server("be", name).orElseThrow();
    }

    private String api(int i, String command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", api[i])) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    private HttpResponse<String> get(int i) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend[i] + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder stats(int i, String suffix) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stats[i] + "/stats" + suffix))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:secret".getBytes()));
    }

    private HttpResponse<String> postForm(int i, String form) throws Exception {
        return HTTP.send(stats(i, "").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String statsPage(int i) throws Exception {
        return HTTP.send(stats(i, "").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The {@code status} column of a server's CSV row. */
    private String csvStatus(int i, String server) throws Exception {
        String csv = HTTP.send(stats(i, ";csv").build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length > 17 && f[0].equals("be") && f[1].equals(server)) {
                return f[17];
            }
        }
        throw new AssertionError("no row be/" + server + " in\n" + csv);
    }

    private List<String> logLines() {
        return peerLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private boolean logged(String text) {
        return peerLog.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
    }

    private static Logger logger(Class<?> type) {
        return (Logger) LoggerFactory.getLogger(type);
    }
}
