package io.lbgate.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.cli.Launcher;
import io.lbgate.support.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A {@code peers} section that names no peer like this node, or no shared secret: one clear error
 * line at start, no peer link, and the gateway serves traffic as a single node.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeersMisconfigurationIntegrationTest {
    @TempDir
    Path dir;

    private com.sun.net.httpserver.HttpServer server;
    private Launcher.Outcome gateway;
    private final int frontend = FreePorts.next();
    private final int peerPort = FreePorts.next();

    @BeforeEach
    void start() throws IOException {
        server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null && gateway.started()) {
            gateway.context().close();
        }
        server.stop(0);
    }

    /** Starts on a file naming {@code localPeer}, proves traffic flows, returns whether a peer link runs. */
    private boolean launch(String localPeer, String... extra) throws Exception {
        String cfg = """
                global
                    localpeer %s
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
                """.formatted(localPeer, peerPort, FreePorts.next(), frontend, server.getAddress().getPort());
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), cfg);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        String[] args = new String[3 + extra.length];
        args[0] = "-f";
        args[1] = file.toString();
        args[2] = "--spring.main.banner-mode=off";
        System.arraycopy(extra, 0, args, 3, extra.length);
        gateway = new Launcher(quiet, quiet).run(args);
        assertThat(gateway.started()).as(sink.toString(StandardCharsets.UTF_8)).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 10; i++) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend + "/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        return !gateway.context().getBean(Peers.class).statusLines().isEmpty();
    }

    /** The lines the peers' configuration logged. */
    private static java.util.List<String> peersLines(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.contains("io.lbgate.peers.PeersBeans"))
                .map(l -> l.substring(l.indexOf(" : ") + 3)).toList();
    }

    @Test
    void aSectionWithoutThisNodeIsOneErrorLineAndTrafficFlows(CapturedOutput output) throws Exception {
        assertThat(launch("lb9", "--lbgate.peers.secret=a-secret-of-sixteen-bytes-or-more")).isFalse();
        assertThat(peersLines(output)).containsExactly("Peers: no enabled 'peers' section names this node 'lb9' (sections: [pair"
                + " [lb1, lb2]]); set 'localpeer' in 'global' or -L to one of its peer names. Admin state is not"
                + " shared; traffic is not affected");
    }

    @Test
    void noSecretIsOneErrorLineAndTrafficFlows(CapturedOutput output) throws Exception {
        assertThat(launch("lb1")).isFalse();
        assertThat(peersLines(output)).containsExactly("Peers section 'pair': no shared secret: set LBGATE_PEERS_SECRET"
                + " (lbgate.peers.secret) or lbgate.peers.secret-file to the same value on every node. Admin state"
                + " is not shared; traffic is not affected");
    }

    @Test
    void dashLNamesTheNodeOverLocalpeer(CapturedOutput output) throws Exception {
        assertThat(launch("lb9", "-L", "lb1", "--lbgate.peers.secret=a-secret-of-sixteen-bytes-or-more")).isTrue();
        assertThat(peersLines(output)).isEmpty();
        // Listening as lb1: its peer port is open.
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", peerPort)) {
            assertThat(s.isConnected()).isTrue();
        }
    }
}
