package io.lbgate.pair;

import io.lbgate.support.SystemPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bind <VIP>:<port> transparent}, the packaged jar in a network namespace: a request is
 * being answered (the data node takes {@value DataNode#SLOW_MILLIS} ms) when the VIP leaves the
 * gateway's interface, as it does when keepalived moves it to the other node of a pair. With
 * {@code transparent} the answer still reaches the client; without it the kernel drops every
 * packet the connection sends from the address it no longer holds and the client times out. The
 * second case is HAProxy's and lbgate's behaviour without the keyword, and proves the test can fail.
 * The third runs lbgate as {@code nobody}, without {@code CAP_NET_ADMIN}: the VIP still binds before
 * it is held ({@code IP_FREEBIND}, as HAProxy falls back to), and the log says what is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransparentBindIT {
    private final PairTopology topology = new PairTopology();
    private final List<NamespaceProcess> processes = new ArrayList<>();
    private NamespaceProcess dataNode;
    private Path dir;

    @BeforeAll
    void buildTheTopology() throws Exception {
        SystemPackage.require(PairTopology.IP, "iproute2");
        SystemPackage.require("/usr/bin/curl", "curl");
        PairTopology.requireRoot();
        dir = Files.createTempDirectory("lbgate-transparent");
        topology.build();
        String classes = Path.of("target/test-classes").toAbsolutePath().toString();
        dataNode = NamespaceProcess.start(topology.namespace("data1"), "data1", dir.resolve("data1.log"),
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classes, DataNode.class.getName(),
                        "node1", "9301"));
        processes.add(dataNode);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (dir == null) {
            return;
        }
        for (NamespaceProcess p : processes) {
            p.close();
        }
        topology.close();
    }

    @Test
    void withTransparentTheAnswerInFlightReachesTheClientAfterTheVipLeaves() throws Exception {
        assertThat(answerWhileTheVipLeaves(true)).as("curl's output").isEqualTo("200 Hello from node1");
    }

    @Test
    void withoutItTheAnswerIsLost() throws Exception {
        assertThat(answerWhileTheVipLeaves(false)).as("curl's output").doesNotStartWith("200");
    }

    @Test
    void withoutCapNetAdminTheVipStillBindsBeforeItIsHeldAndTheLogSaysWhatIsLost() throws Exception {
        SystemPackage.require("/usr/bin/setpriv", "util-linux");
        Assumptions.assumeTrue(readableByNobody(GatewayKind.JAR), "the packaged jar must be readable by nobody");
        Path config = Files.writeString(dir.resolve("gw-unprivileged.cfg"), config(true));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"));
        command.addAll(GatewayKind.LBGATE.command(config));
        NamespaceProcess gateway = NamespaceProcess.start(topology.namespace("gw1"), "gw1 lbgate as nobody",
                dir.resolve("gw-unprivileged.log"), command);
        processes.add(gateway);
        try {
            // The VIP is not on gw1 yet: as on the backup node of a pair.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.log().contains("listening on [" + PairTopology.VIP + ":8080]") || !gateway.isAlive());
            assertThat(gateway.log()).as("gateway log")
                    .contains("bind " + PairTopology.VIP + ":8080 transparent: IP_TRANSPARENT not permitted")
                    .contains("bound with IP_FREEBIND instead");
            topology.exec("gw1", PairTopology.IP, "addr", "add", PairTopology.VIP + "/24", "dev", "eth0");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> curl("/").startsWith("200"));
        } finally {
            gateway.stop();
            topology.exec("gw1", PairTopology.IP, "addr", "del", PairTopology.VIP + "/24", "dev", "eth0");
        }
    }

    /** What curl printed for {@code /slow} through the VIP when the VIP left during the request. */
    private String answerWhileTheVipLeaves(boolean transparent) throws Exception {
        topology.exec("gw1", PairTopology.IP, "addr", "add", PairTopology.VIP + "/24", "dev", "eth0");
        Path cfg = Files.writeString(dir.resolve("gw-" + transparent + ".cfg"), config(transparent));
        NamespaceProcess gateway = NamespaceProcess.start(topology.namespace("gw1"), "gw1 lbgate",
                dir.resolve("gw-" + transparent + ".log"), GatewayKind.LBGATE.command(cfg));
        processes.add(gateway);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> curl("/").startsWith("200") || !gateway.isAlive());
            assertThat(gateway.isAlive()).as("gateway; log:%n%s", gateway.log()).isTrue();
            int received = slowRequestsReceived();
            Path output = dir.resolve("curl-" + transparent + ".txt");
            NamespaceProcess client = NamespaceProcess.start(topology.namespace("client"), "curl", output,
                    List.of("/usr/bin/curl", "-sS", "-m", "6", "-w", "%{http_code} ", "-o", dir.resolve("body-" + transparent).toString(),
                            "http://" + PairTopology.VIP + ":8080/slow"));
            processes.add(client);
            // The data node holds the request for 1.5 s: the VIP leaves while lbgate waits for it.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> slowRequestsReceived() > received);
            topology.exec("gw1", PairTopology.IP, "addr", "del", PairTopology.VIP + "/24", "dev", "eth0");
            assertThat(client.awaitExit(Duration.ofSeconds(15))).as("curl ended").isNotNull();
            Path body = dir.resolve("body-" + transparent);
            return (Files.readString(output) + (Files.exists(body) ? Files.readString(body) : "")).strip();
        } finally {
            gateway.stop();
        }
    }

    private static boolean readableByNobody(Path file) throws InterruptedException {
        try {
            PairTopology.run("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                    "/usr/bin/test", "-r", file.toString());
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String config(boolean transparent) {
        return """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind %s:8080%s
                    default_backend nodes
                backend nodes
                    server node1 %s:9301
                """.formatted(PairTopology.VIP, transparent ? " transparent" : "", PairTopology.DATA1);
    }

    private int slowRequestsReceived() {
        return dataNode.log().split("slow request received", -1).length - 1;
    }

    private String curl(String path) throws InterruptedException {
        try {
            return topology.exec("client", "/usr/bin/curl", "-sS", "-m", "2", "-w", "%{http_code} ", "-o", "/dev/null",
                    "http://" + PairTopology.VIP + ":8080" + path);
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
