package io.lbgate.proxy.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lbgate.support.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar under {@code -Xmx128m} holds 10,000 idle kept-alive client connections and
 * serves normal traffic beside them: no {@code OutOfMemoryError}, every idle connection still
 * served afterwards, and at most 2 KiB of Java heap per idle connection, measured as the growth of
 * the live heap ({@code jcmd GC.class_histogram}, which collects first) once the server
 * connections their first requests opened have been purged from the idle pool.
 */
class IdleClientConnectionsIT {
    private static final Path JAR = Path.of(System.getProperty("lbgate.jar", "target/lbgate.jar"));
    private static final int CLIENTS = 10_000;
    private static final long MAX_HEAP_PER_CONNECTION = 2048;
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    @Test
    void tenThousandIdleClientsAndNormalTrafficFitA128MiBHeapAtUnder2KiBEach() throws Exception {
        long openFiles = hardOpenFileLimit();
        assumeThat(openFiles).as("hard limit of open files (ulimit -Hn) for %d clients and their proxy", CLIENTS)
                .isGreaterThanOrEqualTo(CLIENTS + 2_000L);
        int port = FreePorts.next();
        try (TestOrigin origin = TestOrigin.start("s1");
             Gateway gateway = Gateway.start(config(port, origin.port()), openFiles);
             IdleClients idle = new IdleClients(new InetSocketAddress("127.0.0.1", port))) {
            assertThat(normalTraffic(port, 500)).as("warm-up requests answered 200").isEqualTo(500);
            int baseFiles = gateway.awaitOpenFilesAtMost(200);
            long before = gateway.liveHeapBytes();

            assertThat(idle.open(CLIENTS, 250, Duration.ofSeconds(120))).as("idle clients served").isEqualTo(CLIENTS);
            // Each client's first request opened a server connection of its own (http-reuse safe);
            // the idle pool purges them within seconds. What is left is the clients' own cost.
            gateway.awaitOpenFilesAtMost(baseFiles + CLIENTS + 20);
            long after = gateway.liveHeapBytes();
            long perConnection = (after - before) / CLIENTS;
            System.out.printf("idle client connections: %d, live heap %d -> %d bytes, %d bytes each%n",
                    CLIENTS, before, after, perConnection);

            assertThat(normalTraffic(port, 2_000)).as("requests beside the idle clients answered 200").isEqualTo(2_000);
            assertThat(idle.requestOnEach(250, Duration.ofSeconds(120)))
                    .as("every idle connection is still served").isEqualTo(CLIENTS);
            assertThat(perConnection).as("heap bytes per idle kept-alive client connection")
                    .isLessThanOrEqualTo(MAX_HEAP_PER_CONNECTION);
            assertThat(gateway.isAlive()).isTrue();
            assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static Path config(int port, int originPort) throws IOException {
        Path cfg = Files.createTempFile("lbgate-idle", ".cfg");
        Files.writeString(cfg, """
                global
                    maxconn 20000
                defaults
                    mode http
                    maxconn 20000
                    timeout connect 5s
                    timeout client 5m
                    timeout server 5m
                    timeout http-request 10s
                    timeout http-keep-alive 5m
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                """.formatted(port, originPort));
        return cfg;
    }

    /** {@code n} requests on a few kept-alive connections, 16 at a time; how many got a 200. */
    private static int normalTraffic(int port, int n) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build();
        int ok = 0;
        for (int done = 0; done < n; done += 16) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(16, n - done); i++) {
                batch.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : batch) {
                if (response.get(15, TimeUnit.SECONDS).statusCode() == 200) {
                    ok++;
                }
            }
        }
        return ok;
    }

    private static long hardOpenFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String hard = line.substring("Max open files".length()).trim().split("\\s+")[1];
                return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
            }
        }
        return 0;
    }

    /** The jar under {@code -Xmx128m} and no other JVM option, its open-file limit raised to the hard limit. */
    private record Gateway(Process process, Path logFile) implements AutoCloseable {
        static Gateway start(Path cfg, long openFiles) throws Exception {
            Path log = Files.createTempFile("lbgate-idle", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String limit = openFiles == Long.MAX_VALUE ? "unlimited" : Long.toString(openFiles);
            Process process = new ProcessBuilder("bash", "-c", "ulimit -n " + limit + " && exec \"$0\" -Xmx128m -jar \"$1\" -f \"$2\"",
                    java, JAR.toString(), cfg.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Gateway gateway = new Gateway(process, log);
            int port = Integer.parseInt(Files.readString(cfg).replaceAll("(?s).*bind 127\\.0\\.0\\.1:(\\d+).*", "$1"));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> !process.isAlive() || normalTraffic(port, 1) == 1);
            assertThat(process.isAlive()).as(gateway.log()).isTrue();
            // The data plane serves before the control plane has started (a -f start): what the
            // control plane builds must not be counted as the idle clients' heap.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || gateway.log().contains("Started LbgateApplication"));
            assertThat(process.isAlive()).as(gateway.log()).isTrue();
            return gateway;
        }

        /** Live objects after a full collection, in bytes. */
        long liveHeapBytes() throws Exception {
            String histogram = jcmd("GC.class_histogram");
            Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
            assertThat(total.find()).as(histogram).isTrue();
            return Long.parseLong(total.group(1));
        }

        /** Waits until the process has at most {@code n} open files; how many it has then. */
        int awaitOpenFilesAtMost(int n) {
            Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(fds) <= n);
            return count(fds);
        }

        private static int count(Path dir) {
            try (var files = Files.list(dir)) {
                return (int) files.count();
            } catch (IOException e) {
                return Integer.MAX_VALUE;
            }
        }

        private String jcmd(String command) throws Exception {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, Long.toString(process.pid()), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return out;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
