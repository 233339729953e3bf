package io.lbgate.stats;

import io.lbgate.support.TestGateway;
import io.lbgate.admin.AuditEntry;
import io.lbgate.admin.AuditLog;
import io.lbgate.cli.Launcher;
import io.lbgate.health.HealthLog;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.lbgate.support.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stats page's health actions end to end: a gateway started from a haproxy.cfg with two checked
 * servers, the form posted as a browser posts it, the CSV read back and traffic sent through.
 *
 * <p>What HAProxy 2.6.12 did with the same actions (backend with {@code check inter 10s rise 2
 * fall 3} servers, {@code stats admin if TRUE}):
 * <pre>
 * hdown  → 303 ;st=DONE, status DOWN, check_health 0, chkdown+1, chkfail and check_status kept;
 *          "Server app/s1 is DOWN, changed from Web interface. 2 active and 0 backup servers left. ..."
 *          the next passed checks: DOWN 1/2, then UP ("is UP, reason: Layer4 check passed ...")
 * hrunn  → DONE, status UP, check_health 4; "Server app/s1 is UP, changed from Web interface. ..."
 * hnolb  → DONE, status NOLB; "Server app/s1 is stopping, changed from Web interface. ..."
 * dhlth  → DONE, status "no check", check_status/chkfail/chkdown empty; with inter 500ms and the
 *          server killed, still "no check" 3 s later; no log line
 * ehlth  → DONE, first result within one interval (L4CON, UP 2/3, then DOWN); no log line
 * dhlth/ehlth on a server without check, dagent/eagent/arunn/adown without agent → NONE
 * </pre>
 */
class HealthActionsIntegrationTest {
    @TempDir
    Path dir;

    private final List<DisposableServer> nodes = new ArrayList<>();
    private final AtomicInteger s1Connections = new AtomicInteger();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Launcher.Outcome gateway;
    private int webPort;
    private int statsPort;

    private DisposableServer node(String name, AtomicInteger connections) {
        DisposableServer node = HttpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(c -> connections.incrementAndGet())
                .handle((req, res) -> res.sendString(Mono.just(name)))
                .bindNow();
        nodes.add(node);
        return node;
    }

    private void start() throws IOException {
        start("300ms");
    }

    /** @param inter the check interval: a forced state lasts about two of them before checks undo it */
    private void start(String inter) throws IOException {
        DisposableServer s1 = node("s1", s1Connections);
        DisposableServer s2 = node("s2", new AtomicInteger());
        webPort = FreePorts.next();
        statsPort = FreePorts.next();
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d check inter %s rise 2 fall 2
                    server s2 127.0.0.1:%d check inter %s rise 2 fall 2
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /haproxyadmin
                    stats auth ops:s3cret
                    stats admin if TRUE
                """.formatted(webPort, s1.port(), inter, s2.port(), inter, statsPort));
        gateway = TestGateway.launch(cfg);
        // The texts as HealthLog words them at the moment of each change.
        registry().subscribe(change -> HealthLog.entries(change).forEach(e -> logged.add(e.text())));
    }

    @AfterEach
    void stop() {
        if (gateway != null && gateway.started()) {
            gateway.context().close();
        }
        nodes.forEach(DisposableServer::disposeNow);
    }

    private Registry registry() {
        return gateway.context().getBean(Registry.class);
    }

    private Server s1() {
        return registry().server("app", "s1").orElseThrow();
    }

    private String post(String body) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(stats(""))
                .header("Authorization", StatsGateway.basic("ops", "s3cret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private URI stats(String suffix) {
        return URI.create("http://127.0.0.1:" + statsPort + "/haproxyadmin" + suffix);
    }

    /** The CSV row of app/s1, column name to value. */
    private Map<String, String> csvS1() throws IOException, InterruptedException {
        String csv = client.send(HttpRequest.newBuilder(stats(";csv"))
                .header("Authorization", StatsGateway.basic("ops", "s3cret")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String[] lines = csv.split("\n");
        String[] header = lines[0].substring(2).split(",", -1);
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            if (cells.length > 1 && cells[0].equals("app") && cells[1].equals("s1")) {
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length && i < cells.length; i++) {
                    row.put(header[i], cells[i]);
                }
                return row;
            }
        }
        throw new AssertionError("no app/s1 row in\n" + csv);
    }

    private List<String> answers(int requests) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            names.add(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        return names;
    }

    @Test
    void forceDownThenUpMovesTrafficAtOnce() throws Exception {
        // Two passed checks undo a forced DOWN (as in HAProxy): with 2 s between checks the
        // assertions below have several seconds, however busy the machine.
        start("2s");
        await().atMost(Duration.ofSeconds(10)).until(() -> csvS1().get("status").equals("UP"));

        assertThat(post("s=s1&action=hdown&b=app")).isEqualTo("/haproxyadmin;st=DONE");
        Map<String, String> down = csvS1();
        // A check may land between the post and the read (DOWN 1/2): down either way.
        assertThat(down.get("status")).startsWith("DOWN");
        assertThat(down.get("chkdown")).isEqualTo("1");
        assertThat(down.get("chkfail")).isEqualTo("0");
        assertThat(down.get("check_status")).isEqualTo("L4OK");
        assertThat(answers(6)).containsOnly("s2");
        assertThat(logged).contains("Server app/s1 is DOWN, changed from Web interface. 1 active and 0 backup "
                + "servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");

        assertThat(post("s=s1&action=hrunn&b=app")).isEqualTo("/haproxyadmin;st=DONE");
        Map<String, String> up = csvS1();
        assertThat(up.get("status")).isEqualTo("UP");
        assertThat(up.get("check_health")).isEqualTo("3"); // rise + fall - 1
        assertThat(answers(6)).contains("s1", "s2");

        List<AuditEntry> audit = gateway.context().getBean(AuditLog.class).entries();
        assertThat(audit).extracting(AuditEntry::action, AuditEntry::server, AuditEntry::result)
                .startsWith(org.assertj.core.groups.Tuple.tuple("hrunn", "s1", "done"),
                        org.assertj.core.groups.Tuple.tuple("hdown", "s1", "done"));
    }

    @Test
    void forcedDownIsUndoneByTheNextChecks() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> csvS1().get("status").equals("UP"));
        assertThat(post("s=s1&action=hdown&b=app")).endsWith(";st=DONE");
        // The server answers its checks: rise (2) passed checks bring it back, as in HAProxy.
        await().atMost(Duration.ofSeconds(5)).until(() -> csvS1().get("status").equals("UP"));
        assertThat(logged).anyMatch(l -> l.startsWith("Server app/s1 is UP, reason: Layer4 check passed"));
    }

    @Test
    void forceNolbStopsNewTrafficUntilTheNextPassedCheck() throws Exception {
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> csvS1().get("status").equals("UP"));
        registry().setChecksEnabled(s1(), false, "test"); // hold NOLB: no check to end it
        assertThat(post("s=s1&action=hnolb&b=app")).endsWith(";st=DONE");
        assertThat(csvS1().get("status")).isEqualTo("NOLB");
        assertThat(answers(4)).containsOnly("s2");
        assertThat(post("s=s1&action=ehlth&b=app")).endsWith(";st=DONE");
        await().atMost(Duration.ofSeconds(5)).until(() -> csvS1().get("status").equals("UP"));
    }

    @Test
    void disabledChecksProbeNothingEvenWhenTheServerDiesAndResumeWhenEnabled() throws Exception {
        start();
        Server s1 = s1();
        await().atMost(Duration.ofSeconds(5)).until(() -> csvS1().get("status").equals("UP"));

        assertThat(post("s=s1&action=dhlth&b=app")).isEqualTo("/haproxyadmin;st=DONE");
        Map<String, String> disabled = csvS1();
        assertThat(disabled.get("status")).isEqualTo("no check");
        assertThat(disabled.get("check_status")).isEmpty();
        assertThat(disabled.get("chkfail")).isEmpty();
        assertThat(disabled.get("chkdown")).isEmpty();

        // A probe already under way may still connect; after that, none for several intervals.
        await().atMost(Duration.ofSeconds(2)).until(() -> s1.lastCheck() != null);
        int connections = s1Connections.get();
        CheckResult last = s1.lastCheck();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> s1Connections.get() <= connections + 1);
        int settled = s1Connections.get();

        nodes.get(0).disposeNow(); // s1 dies while its checks are off
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> s1.status().equals("no check") && s1.checkFails() == 0);
        assertThat(s1Connections.get()).isEqualTo(settled);
        assertThat(s1.lastCheck()).isSameAs(last);
        assertThat(logged).isEmpty(); // HAProxy logs nothing for dhlth

        assertThat(post("s=s1&action=ehlth&b=app")).isEqualTo("/haproxyadmin;st=DONE");
        // Resumed from full health: fall (2) failures take it down.
        await().atMost(Duration.ofSeconds(5)).until(() -> csvS1().get("status").equals("DOWN"));
        Map<String, String> resumed = csvS1();
        assertThat(resumed.get("check_status")).isEqualTo("L4CON");
        assertThat(resumed.get("chkfail")).isEqualTo("2"); // fall failures from full health
        assertThat(resumed.get("chkdown")).isEqualTo("1");
        assertThat(logged).anyMatch(l -> l.startsWith("Server app/s1 is DOWN, reason: Layer4 connection problem"));
    }
}
