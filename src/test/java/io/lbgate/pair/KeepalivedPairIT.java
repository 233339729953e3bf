package io.lbgate.pair;

import io.lbgate.support.SystemPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tutorial's active/backup pair behind a keepalived VIP, end to end, in network namespaces:
 * two gateway nodes running the packaged jar with Debian's keepalived beside it, two data nodes, a
 * client sending 50 requests a second through the VIP, each on a new connection. It proves and
 * prints (docs/high-availability.md quotes the numbers):
 * <ol>
 * <li>the VIP is on the primary at start;</li>
 * <li>{@code kill -9} of the primary's gateway: the backup holds the VIP within keepalived's
 * detection time and requests succeed again (failed requests and takeover time reported);</li>
 * <li>the primary's gateway started again: the VIP comes back (preemption) with no failed request;</li>
 * <li>a planned failover (SIGTERM): readiness false at once, the old node keeps serving until
 * keepalived has moved the VIP, then drains and exits 0 — no failed request.</li>
 * </ol>
 * {@code -Dlbgate.pair.gateway=haproxy} runs the same steps with HAProxy 2.6 as the gateway (its
 * soft stop, SIGUSR1, for the planned failover) and only reports, as the oracle for the docs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeepalivedPairIT {
    private static final int RATE = 50;
    /**
     * How long keepalived takes to move the VIP after the primary's gateway stops answering, with
     * the tutorial's settings: the failing {@code vrrp_script} is seen at its next run (every 2 s)
     * and lowers the primary's priority below the backup's, and the backup takes over when its
     * master-down timer expires (3 × advert_int + skew time (256 − 80) / 256 s ≈ 3.7 s); plus
     * 1.5 s for a machine where every core is busy.
     */
    private static final Duration DETECTION = Duration.ofMillis(2000 + 3690 + 1500);

    private final GatewayKind kind = GatewayKind.fromSystemProperty();
    private final PairTopology topology = new PairTopology();
    private final Map<String, NamespaceProcess> gateways = new ConcurrentHashMap<>();
    private final List<NamespaceProcess> others = new ArrayList<>();
    private final List<String> report = new ArrayList<>();
    private Path dir;

    @BeforeAll
    void buildTheTopology() throws Exception {
        SystemPackage.require("/usr/sbin/keepalived", "keepalived");
        SystemPackage.require(PairTopology.IP, "iproute2");
        SystemPackage.require("/usr/bin/curl", "curl");
        if (kind == GatewayKind.HAPROXY) {
            SystemPackage.require("/usr/sbin/haproxy", "haproxy");
        }
        PairTopology.requireRoot();
        dir = Files.createTempDirectory("lbgate-pair");
        topology.build();
        if (Boolean.getBoolean("lbgate.pair.capture")) {
            // For diagnosing a failed request: every packet of the VIP's port, ARP and VRRP on the bridge.
            others.add(NamespaceProcess.start(topology.hub(), "tcpdump", dir.resolve("tcpdump.log"),
                    List.of("tcpdump", "-i", "br0", "-n", "-w", dir.resolve("bridge.pcap").toString(),
                            "tcp port 8080 or arp or proto 112")));
        }
        String classes = Path.of("target/test-classes").toAbsolutePath().toString();
        others.add(NamespaceProcess.start(topology.namespace("data1"), "data1", dir.resolve("data1.log"),
                smallJava(classes, DataNode.class.getName(), "node1", "9301")));
        others.add(NamespaceProcess.start(topology.namespace("data2"), "data2", dir.resolve("data2.log"),
                smallJava(classes, DataNode.class.getName(), "node2", "9301")));
        startGateway("gw1");
        startGateway("gw2");
        awaitReady("gw1");
        awaitReady("gw2");
        startKeepalived("gw1", true);
        startKeepalived("gw2", false);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (dir == null) {
            return; // skipped before anything was created
        }
        System.out.println("[pair] ---- " + kind + " in the tutorial's keepalived pair ----");
        report.forEach(line -> System.out.println("[pair] " + line));
        Files.writeString(Path.of("target", "pair-" + kind.name().toLowerCase() + "-report.txt"),
                String.join("\n", report) + "\n");
        for (NamespaceProcess p : others) {
            p.stop();
        }
        for (NamespaceProcess p : gateways.values()) {
            p.close();
        }
        topology.close();
    }

    @Test
    @Order(1)
    void theVipIsOnThePrimaryAtStart() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> topology.holdsVip("gw1"));
        assertThat(topology.holdsVip("gw2")).isFalse();
        try (Client client = Client.start(this, "start", 10)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.results().results().size() >= RATE);
            assertThat(client.results().failedSince(0)).isZero();
            assertThat(client.results().results()).extracting(ClientResults.Result::detail)
                    .contains("Hello_from_node1", "Hello_from_node2");
        }
        if (kind == GatewayKind.LBGATE) {
            // What keepalived told each lbgate through the shipped notify script.
            await().atMost(Duration.ofSeconds(10)).until(() -> role("gw1").contains("\"role\":\"MASTER\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> role("gw2").contains("\"role\":\"BACKUP\""));
        }
        report.add("start: VIP on gw1 (priority 100), gw2 BACKUP (80); requests through the VIP reach node1 and node2");
    }

    @Test
    @Order(2)
    void afterKillMinus9TheBackupTakesTheVipAndRequestsSucceedAgain() throws Exception {
        try (Client client = Client.start(this, "kill9", 60)) {
            awaitSucceeding(client, 0);
            long killedAt = System.currentTimeMillis();
            gateways.get("gw1").kill();
            await().atMost(DETECTION.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> topology.holdsVip("gw2"));
            long movedAt = System.currentTimeMillis();
            awaitSucceeding(client, movedAt);
            ClientResults results = client.stop();
            long restoredAt = results.restoredAt(killedAt);
            report.add("kill -9 of gw1's gateway: VIP on gw2 after %.1f s; requests succeed again %.1f s after the kill; %d of %d requests failed (%s)"
                    .formatted(seconds(movedAt - killedAt), seconds(restoredAt - killedAt), results.failedSince(killedAt),
                            results.since(killedAt).size(), results.failureKinds(killedAt)));
            assertThat(Duration.ofMillis(movedAt - killedAt)).as("takeover time").isLessThanOrEqualTo(DETECTION);
            assertThat(topology.holdsVip("gw1")).isFalse();
        }
    }

    @Test
    @Order(3)
    void whenThePrimarysGatewayComesBackTheVipFailsBackWithoutAFailedRequest() throws Exception {
        assertThat(topology.holdsVip("gw2")).as("after the crash").isTrue();
        try (Client client = Client.start(this, "failback", 150)) {
            awaitSucceeding(client, 0);
            long startedAt = System.currentTimeMillis();
            startGateway("gw1");
            awaitReady("gw1");
            long readyAt = System.currentTimeMillis();
            await().atMost(DETECTION.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> topology.holdsVip("gw1"));
            long backAt = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> !topology.holdsVip("gw2"));
            awaitSucceeding(client, backAt);
            ClientResults results = client.stop();
            report.add("failback: gw1's gateway started again, ready after %.1f s, VIP back on gw1 %.1f s after the start (%.1f s after ready); %d of %d requests failed (%s)"
                    .formatted(seconds(readyAt - startedAt), seconds(backAt - startedAt), seconds(backAt - readyAt),
                            results.failedSince(startedAt), results.since(startedAt).size(), results.failureKinds(startedAt)));
            // A preemptive failback moves the VIP away from a node that is serving: a request that
            // the backup is answering at that instant loses its answer (the kernel drops what the
            // socket sends once the VIP is no longer a local address). Nothing else may fail: no
            // refused connection, nothing before or after the move (docs/high-availability.md).
            assertThat(results.since(startedAt)).filteredOn(r -> !r.ok())
                    .as("failed requests during the failback: only those in flight when the VIP moved")
                    .hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(r -> {
                        assertThat(r.detail()).doesNotStartWith("ConnectException");
                        assertThat(Math.abs(r.at() - backAt)).isLessThanOrEqualTo(1000);
                    });
        }
    }

    @Test
    @Order(4)
    void aPlannedFailoverLosesNoRequest() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> topology.holdsVip("gw1"));
        NamespaceProcess gw1 = gateways.get("gw1");
        try (Client client = Client.start(this, "planned", 60)) {
            awaitSucceeding(client, 0);
            long signalledAt = System.currentTimeMillis();
            gw1.signal(kind.stopSignal);
            long notReadyAt = 0;
            if (kind == GatewayKind.LBGATE) {
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> readiness("gw1") == 503);
                notReadyAt = System.currentTimeMillis();
            }
            await().atMost(DETECTION.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> topology.holdsVip("gw2") || !gw1.isAlive());
            long movedAt = System.currentTimeMillis();
            boolean servingWhenMoved = gw1.isAlive();
            await().atMost(DETECTION.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> topology.holdsVip("gw2"));
            long vipAt = System.currentTimeMillis();
            Integer exit = gw1.awaitExit(Duration.ofSeconds(40));
            long exitedAt = System.currentTimeMillis();
            awaitSucceeding(client, exitedAt);
            ClientResults results = client.stop();
            report.add(("planned failover (SIG%s to gw1's gateway): readiness false after %s; VIP on gw2 after %.1f s "
                    + "(gw1 still running then: %s); gw1 exited with %s after %.1f s; %d of %d requests failed (%s)")
                    .formatted(kind.stopSignal, kind == GatewayKind.LBGATE ? (notReadyAt - signalledAt) + " ms" : "n/a",
                            seconds(vipAt - signalledAt), servingWhenMoved, exit, seconds(exitedAt - signalledAt),
                            results.failedSince(signalledAt), results.since(signalledAt).size(), results.failureKinds(signalledAt)));
            if (kind == GatewayKind.LBGATE) {
                assertThat(servingWhenMoved).as("gw1 still serving when the VIP moved").isTrue();
                assertThat(exit).as("exit status; log:%n%s", gw1.log()).isZero();
                assertThat(results.failedSince(signalledAt)).as("failed requests in a planned failover").isZero();
            }
        }
    }

    // ---- the nodes -------------------------------------------------------------------------------

    private void startGateway(String node) throws IOException {
        Path cfg = Files.writeString(dir.resolve(node + ".cfg"), kind.config());
        gateways.put(node, NamespaceProcess.start(topology.namespace(node), node + " " + kind,
                dir.resolve(node + "-gateway.log"), kind.command(cfg)));
    }

    private void awaitReady(String node) {
        NamespaceProcess gateway = gateways.get(node);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> readiness(node) == 200 || !gateway.isAlive());
        assertThat(gateway.isAlive()).as("%s; log:%n%s", gateway, gateway.log()).isTrue();
    }

    /** The readiness answer's status as keepalived's check sees it, 0 when nothing answers. */
    private int readiness(String node) throws IOException, InterruptedException {
        try {
            String code = topology.exec(node, "/usr/bin/curl", "-s", "-m", "1", "-o", "/dev/null", "-w", "%{http_code}",
                    GatewayKind.READINESS);
            return Integer.parseInt(code.strip());
        } catch (IOException e) {
            return 0;
        }
    }

    /** What {@code /lbgate/vrrp} on the node's stats listener says. */
    private String role(String node) throws InterruptedException {
        try {
            return topology.exec(node, "/usr/bin/curl", "-sS", "-m", "2", "-u", "admin:admin", "http://127.0.0.1:1080/lbgate/vrrp");
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private void startKeepalived(String node, boolean primary) throws IOException {
        Path home = Files.createDirectories(dir.resolve("keepalived-" + node));
        String notify = kind == GatewayKind.LBGATE ? notifyScript() + " http://127.0.0.1:1080 " + netrc() : null;
        Path conf = Files.writeString(home.resolve("keepalived.conf"), KeepalivedConf.of(node, primary, notify));
        others.add(NamespaceProcess.start(topology.namespace(node), "keepalived " + node, home.resolve("keepalived.log"),
                List.of("/usr/sbin/keepalived", "-n", "-l", "-D", "-f", conf.toString(),
                        "-p", home.resolve("keepalived.pid").toString(),
                        "-r", home.resolve("vrrp.pid").toString(),
                        "-c", home.resolve("checkers.pid").toString())));
    }

    /** The notify script as lbgate ships it, taken out of the packaged jar. */
    private String notifyScript() throws IOException {
        Path script = dir.resolve("lbgate-vrrp-notify");
        if (!Files.exists(script)) {
            try (ZipFile jar = new ZipFile(GatewayKind.JAR.toFile());
                 InputStream in = jar.getInputStream(jar.getEntry("BOOT-INF/classes/lbgate-vrrp-notify"))) {
                Files.copy(in, script);
            }
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return script.toString();
    }

    private String netrc() throws IOException {
        Path netrc = dir.resolve("notify.netrc");
        if (!Files.exists(netrc)) {
            Files.writeString(netrc, "machine 127.0.0.1 login admin password admin\n");
            Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
        }
        return netrc.toString();
    }

    List<String> smallJava(String classpath, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, main));
        command.addAll(List.of(args));
        return command;
    }

    private void awaitSucceeding(Client client, long since) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.results().lastSucceeded(RATE, since));
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    /** A {@link ClientLoop} in the client's namespace, through the VIP. */
    private record Client(NamespaceProcess process, Path output, Path stopFile) implements AutoCloseable {
        static Client start(KeepalivedPairIT test, String name, int maxSeconds) throws IOException {
            Path output = test.dir.resolve("client-" + name + ".txt");
            Path stop = test.dir.resolve("client-" + name + ".stop");
            String classes = Path.of("target/test-classes").toAbsolutePath().toString();
            NamespaceProcess process = NamespaceProcess.start(test.topology.namespace("client"), "client " + name,
                    test.dir.resolve("client-" + name + ".log"),
                    test.smallJava(classes, ClientLoop.class.getName(), PairTopology.VIP, "8080",
                            Integer.toString(RATE), Integer.toString(maxSeconds), output.toString(), stop.toString()));
            return new Client(process, output, stop);
        }

        ClientResults results() throws IOException {
            return ClientResults.read(output);
        }

        /** Ends the loop and returns every result. */
        ClientResults stop() throws IOException, InterruptedException {
            Files.writeString(stopFile, "stop\n");
            process.awaitExit(Duration.ofSeconds(10));
            return results();
        }

        @Override
        public void close() throws Exception {
            Files.writeString(stopFile, "stop\n");
            if (process.awaitExit(Duration.ofSeconds(10)) == null) {
                process.close();
            }
        }
    }
}
