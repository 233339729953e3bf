package io.lbgate.cli;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * What {@code target/lbgate.jar -f haproxy.cfg} loads that it does not use, seen in the JVM's own
 * class-loading log: Netty's Flight Recorder events are off unless the operator asks for them
 * ({@link NettyFlightRecorder}), the bundled {@code lbgate:} model is not bound ({@link Launcher}),
 * and the stats page's password encoders wait for a hashed password.
 */
class StartupClassesIT {
    private static final Path JAR = Path.of(System.getProperty("lbgate.jar", "target/lbgate.jar"));
    /** Loaded when Netty registers its allocator events with the recorder (its first pooled chunk). */
    private static final String NETTY_EVENT = "io.netty.buffer.AllocateChunkEvent ";
    /** Loaded only when the lbgate: properties are bound. */
    private static final String BUNDLED_MODEL = "io.lbgate.config.properties.FrontendProperties ";

    /** Made only when a stats user has a hashed password; {@code stats auth} gives clear text. */
    private static final String PASSWORD_ENCODERS = "org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder ";

    @TempDir
    Path dir;

    @Test
    void aHaproxyCfgStartLoadsNeitherNettysFlightRecorderEventsNorTheBundledModel() throws Exception {
        String classes = classesLoadedByAStart();

        // The pooled allocator ran (the point where Netty would register its events), yet no event.
        assertThat(classes).contains("io.netty.buffer.AdaptivePoolingAllocator ")
                .doesNotContain(NETTY_EVENT)
                .doesNotContain("jdk.jfr.internal.MetadataRepository ")
                .doesNotContain(BUNDLED_MODEL)
                .doesNotContain(PASSWORD_ENCODERS);
    }

    @Test
    void anOperatorWhoAsksForNettysEventsGetsThem() throws Exception {
        assertThat(classesLoadedByAStart("-Dio.netty.jfr.enabled=true")).contains(NETTY_EVENT);
    }

    /**
     * Starts the jar on a one-frontend haproxy.cfg with a stats listener, has it proxy one request
     * and answer one logged-in stats request, and stops it.
     */
    private String classesLoadedByAStart(String... jvmOptions) throws Exception {
        try (NamedHttpServers servers = NamedHttpServers.start("s1")) {
            int web = FreePorts.next();
            int stats = FreePorts.next();
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
                        server s1 127.0.0.1:%d
                    listen stats
                        bind 127.0.0.1:%d
                        stats enable
                        stats uri /stats
                        stats auth admin:s3cret
                    """.formatted(web, servers.port(0), stats));
            Path classes = dir.resolve("classes.txt");
            Files.deleteIfExists(classes);
            Path log = dir.resolve("lbgate.log");
            List<String> command = new ArrayList<>(List.of(java(), "-Xlog:class+load:file=" + classes));
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-jar", JAR.toString(), "-f", cfg.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/"))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                                .body().equals("served by s1\n"));
                await().atMost(Duration.ofSeconds(90)).until(() ->
                        Files.readString(log).contains("Started LbgateApplication") || !process.isAlive());
                assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stats + "/stats;csv"))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes()))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                new ProcessBuilder("kill", "-s", "TERM", Long.toString(process.pid())).start().waitFor();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
            return Files.readString(classes);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
