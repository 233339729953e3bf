package io.lbgate.proxy.backend;

import io.lbgate.proxy.backend.ScenarioServers.Kind;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Server;
import io.lbgate.support.FreePorts;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend stream's rules (pick, queue, retries, turn-around, redispatch, counters, log) end to
 * end, in HTTP and TCP mode against the same expectations: what HAProxy 2.6.12 gives for the same
 * haproxy.cfg. Each scenario also runs through the real HAProxy where it is installed (CI installs
 * it), and lbgate must give what it gives: the same counters on every row and the same log fields.
 * How each rule was observed: docs/haproxy-behaviour.md, "Retries and redispatch".
 */
class BackendStreamScenariosIntegrationTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    static Stream<Arguments> scenarios() {
        List<Scenario> all = List.of(
                new Scenario("round robin, refused connect, redispatch", "roundrobin", "option redispatch",
                        List.of(Kind.OK, Kind.DEAD, Kind.OK), "", 12, false,
                        List.of("node1 0 0 0 6 6 0", "node2 0 0 6 6 6 0", "node3 0 0 0 6 6 0", "BACKEND 0 0 6 12 18 0"),
                        repeat(6, "node1 -- 0 0/0", 6, "node3 -- +1 0/0"), 0),
                new Scenario("one refusing server, retries on it", "roundrobin", "",
                        List.of(Kind.DEAD), "", 1, false,
                        List.of("node1 1 3 0 4 1 0", "BACKEND 1 3 0 1 1 0"),
                        List.of("node1 SC 3 0/0"), 3 * 200),
                new Scenario("source, refused connect, redispatch finds the same server", "source", "option redispatch",
                        List.of(Kind.OK, Kind.DEAD), "", 1, false,
                        List.of("node1 0 0 0 0 0 0", "node2 1 3 0 4 1 0", "BACKEND 1 3 0 1 1 0"),
                        List.of("node2 SC 3 0/0"), 2 * 200),
                new Scenario("leastconn, refused connect, redispatch at once", "leastconn", "option redispatch",
                        List.of(Kind.DEAD, Kind.OK), "", 1, false,
                        List.of("node1 0 0 1 1 1 0", "node2 0 0 0 1 1 0", "BACKEND 0 0 1 1 2 0"),
                        List.of("node2 -- +1 0/0"), 0),
                new Scenario("connect timeout, no turn-around", "roundrobin", "",
                        List.of(Kind.HOLE), "", 1, false,
                        List.of("node1 1 3 0 4 1 0", "BACKEND 1 3 0 1 1 0"),
                        List.of("node1 sC 3 0/0"), 4 * 200),
                new Scenario("server closes before answering", "roundrobin", "option redispatch",
                        List.of(Kind.CLOSE), "", 1, false,
                        List.of("node1 0 0 0 1 1 0", "BACKEND 0 0 0 1 1 0"),
                        List.of("node1 CLOSED 0 0/0"), 0),
                new Scenario("source, full server, maxqueue", "source", "",
                        List.of(Kind.OK, Kind.SLOW), "maxconn 1 maxqueue 1", 4, true,
                        List.of("node1 0 0 0 0 0 0", "node2 2 0 0 2 4 1", "BACKEND 2 0 0 4 4 0"),
                        List.of("node2 -- 0 0/0", "node2 -- 0 1/0", "node2 SQ 0 0/0", "node2 SQ 0 0/0"), 0));
        List<Arguments> args = new ArrayList<>();
        for (Scenario s : all) {
            args.add(Arguments.of("http", s));
            args.add(Arguments.of("tcp", s));
        }
        return args.stream();
    }

    private static List<String> repeat(int n, String a, int m, String b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(a);
        }
        for (int i = 0; i < m; i++) {
            out.add(b);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("scenarios")
    void lbgateGivesHaproxysCountersAndLogs(String mode, Scenario scenario) throws Exception {
        try (ScenarioServers servers = new ScenarioServers(scenario.servers());
             Syslog syslog = new Syslog()) {
            int port = FreePorts.next();
            String cfg = ScenarioConfig.write(mode, scenario, servers, port, syslog.port(), null);
            Result lbgate;
            try (TestGateway gateway = TestGateway.start(dir, cfg)) {
                lbgate = ScenarioRun.run(mode, scenario, port, syslog);
                lbgate = lbgate.withRows(rows(gateway.registry().backend("be").orElseThrow()));
            }
            assertThat(lbgate.rows()).as("counters: server and BACKEND rows").containsExactlyElementsOf(scenario.expected());
            assertThat(lbgate.outcomes()).as("log lines").containsExactlyElementsOf(expectedOutcomes(mode, scenario));
            assertThat(lbgate.millis()).as("time the requests took").isGreaterThanOrEqualTo(scenario.minMillis());

            if (Files.isExecutable(HAPROXY) || "true".equalsIgnoreCase(System.getenv("CI"))) {
                SystemPackage.require(HAPROXY.toString(), "haproxy");
                Result haproxy = HaproxyRun.run(dir, mode, scenario, servers, syslog);
                assertThat(lbgate.rows()).as("lbgate's counters against HAProxy's").isEqualTo(haproxy.rows());
                assertThat(lbgate.outcomes()).as("lbgate's log fields against HAProxy's").isEqualTo(haproxy.outcomes());
            }
        }
    }

    /** The server-closes scenario differs by mode: a 502 (SH) in HTTP, a server abort (SD) in TCP. */
    private static List<String> expectedOutcomes(String mode, Scenario s) {
        String closed = mode.equals("http") ? "SH" : "SD";
        return s.outcomes().stream().map(o -> o.replace("CLOSED", closed)).toList();
    }

    /** econ wretr wredis stot lbtot qmax of each server, then the backend. */
    private static List<String> rows(Backend backend) {
        List<String> rows = new ArrayList<>();
        long lbtot = 0;
        for (Server s : backend.servers()) {
            rows.add(row(s.name(), s.counters(), s.counters().selections()));
            lbtot += s.counters().selections();
        }
        rows.add(row("BACKEND", backend.counters(), lbtot));
        return rows;
    }

    private static String row(String name, Counters c, long lbtot) {
        return name + " " + c.connectionErrors() + " " + c.retries() + " " + c.redispatches() + " "
                + c.totalSessions() + " " + lbtot + " " + c.maxQueue();
    }

    /** What one run gave: counters rows, sorted log outcomes, and how long the requests took. */
    record Result(List<String> rows, List<String> outcomes, long millis) {
        Result withRows(List<String> r) {
            return new Result(r, outcomes, millis);
        }
    }

    /** Receives the log datagrams of lbgate or HAProxy. */
    static final class Syslog implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Syslog() throws IOException {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[65536];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                        lines.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "scenario-syslog");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        BlockingQueue<String> lines() {
            return lines;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
