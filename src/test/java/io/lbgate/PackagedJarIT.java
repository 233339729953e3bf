package io.lbgate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code target/lbgate.jar} in its own JVM as an operator does: {@code -c -f}, a start on a
 * bad file, and a start with no arguments on the bundled configuration and its demo nodes.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of(System.getProperty("lbgate.jar", "target/lbgate.jar"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void checkModeAcceptsTheTutorialConfiguration() throws Exception {
        Run run = run("-c", "-f", "src/test/resources/haproxy/tutorial-http.cfg");

        assertThat(run.exitStatus()).isZero();
        assertThat(run.stdout()).isEqualTo("Warnings were found.\nConfiguration file is valid\n");
    }

    @Test
    void aStartOnABadFileExitsOneWithHaproxyStyleAlertsAndNoStackTrace() throws Exception {
        Run run = run("-f", "src/test/resources/haproxy/errors.cfg");

        assertThat(run.exitStatus()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("[ALERT]    (")
                .contains("parsing [src/test/resources/haproxy/errors.cfg:14] : unknown keyword 'bogus_keyword' in 'frontend' section")
                .contains("Fatal errors found in configuration.")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void noArgumentsStartsTheBundledConfigurationWithDemoNodes() throws Exception {
        for (int port : new int[] {8080, 8090, 1080, 9301, 9302, 9303, 9304}) {
            assertThat(isFree(port)).as("port %d must be free for the bundled configuration", port).isTrue();
        }
        Path log = Files.createTempFile("lbgate-default", ".log");
        Process process = new ProcessBuilder(java(), "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).contains("Started LbgateApplication") || !process.isAlive());
            assertThat(process.isAlive()).as(Files.readString(log)).isTrue();

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(get("http://127.0.0.1:8080/", null).body());
            }
            assertThat(answers).containsExactlyInAnyOrder(
                    "Hello from node1 (127.0.0.1:9301)\n", "Hello from node2 (127.0.0.1:9302)\n",
                    "Hello from node3 (127.0.0.1:9303)\n", "Hello from node4 (127.0.0.1:9304)\n");

            // The TCP frontend reaches the same nodes: an HTTP request piped as raw bytes.
            assertThat(get("http://127.0.0.1:8090/", null).body()).startsWith("Hello from node");

            assertThat(get("http://127.0.0.1:1080/haproxyadmin", null).statusCode()).isEqualTo(401);
            HttpResponse<String> page = get("http://127.0.0.1:1080/haproxyadmin", "admin:admin");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("ddb_backend", "node1", "node4");
            assertThat(Files.readString(log)).contains("well-known credentials admin:admin");
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private HttpResponse<String> get(String uri, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("lbgate-out", ".txt");
        Path err = Files.createTempFile("lbgate-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("lbgate %s finished", List.of(args)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Run(int exitStatus, String stdout, String stderr) {
    }
}
