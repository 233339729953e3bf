package io.lbgate.cli;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code target/lbgate.jar -f haproxy.cfg} as an operator runs it: the frontends listen and serve
 * before the Spring context starts (the log says so in that order), and a port in use ends the
 * start with one clear paragraph and status 1, no stack trace, although the bind now happens
 * before Spring.
 */
class DataPlaneFirstIT {
    private static final Path JAR = Path.of(System.getProperty("lbgate.jar", "target/lbgate.jar"));
    @TempDir
    Path dir;

    @Test
    void theFrontendsListenBeforeTheSpringContextStartsAndSigtermStillStopsGracefully() throws Exception {
        try (NamedHttpServers servers = NamedHttpServers.start("s1")) {
            int web = FreePorts.next();
            Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config(web, servers.port(0), " check inter 500ms"));
            Path log = dir.resolve("lbgate.log");
            Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                        .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                                .body().equals("served by s1\n"));
                await().atMost(Duration.ofSeconds(90)).until(() ->
                        Files.readString(log).contains("Started LbgateApplication") || !process.isAlive());
                String started = Files.readString(log);
                assertThat(started.indexOf("Frontend 'web' (http) listening on [127.0.0.1:" + web + "]"))
                        .as(started).isNotNegative()
                        .isLessThan(started.indexOf("Starting LbgateApplication"));
                assertThat(started).doesNotContain("DEBUG");

                new ProcessBuilder("kill", "-s", "TERM", Long.toString(process.pid())).start().waitFor();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(Files.readString(log)).isZero();
                assertThat(Files.readString(log)).contains("SIGTERM received");
            } finally {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSigtermWhileTheControlPlaneIsStillStartingEndsTheProcessWithStatusZero() throws Exception {
        try (NamedHttpServers servers = NamedHttpServers.start("s1")) {
            int web = FreePorts.next();
            Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config(web, servers.port(0), ""));
            Path log = dir.resolve("lbgate.log");
            Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10))
                        .until(() -> Files.readString(log).contains("Data plane serving") || !process.isAlive());

                new ProcessBuilder("kill", "-s", "TERM", Long.toString(process.pid())).start().waitFor();

                assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
                String output = Files.readString(log);
                assertThat(process.exitValue()).as(output).isZero();
                assertThat(output).contains("SIGTERM received");
                // The data plane stopped once, and was never started again by the context's start.
                assertThat(output.split("event loops on", -1)).as(output).hasSize(2);
            } finally {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPortInUseEndsTheStartWithOneClearMessageAndStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config(taken.getLocalPort(), FreePorts.next(), ""));
            Path out = dir.resolve("out.txt");
            Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();

            String output = Files.readString(out);
            assertThat(process.exitValue()).as(output).isEqualTo(1);
            assertThat(output)
                    .contains("APPLICATION FAILED TO START")
                    .contains("Frontend 'web' cannot bind 127.0.0.1:" + taken.getLocalPort())
                    .contains("Stop the process that holds 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ")
                    .doesNotContain("Starting LbgateApplication");
        }
    }

    /** One HTTP frontend on {@code bind} in front of one server on {@code server}, with {@code serverOptions}. */
    private static String config(int bind, int server, String serverOptions) {
        return """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d%s
                """.formatted(bind, server, serverOptions);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
