package io.lbgate.stats;

import io.lbgate.support.FreePorts;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ;csv} row order and proxy ids next to the real HAProxy 2.6's (installed by .ci/run) on
 * one file that mixes backends, a frontend, the stats listener and a listen: HAProxy numbers
 * proxies in file order, the stats listener and the CLI proxy of {@code stats socket} included.
 * The stats listener's own FRONTEND and BACKEND rows are compared too.
 */
class HaproxyProxyIdsComparisonTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void idsAndRowOrderAreHaproxys(boolean statsSocket) throws Exception {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        List<String> theirs;
        int haproxyStats = FreePorts.next();
        Path haproxyCfg = Files.writeString(dir.resolve("haproxy.cfg"), cfg(statsSocket, haproxyStats));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", haproxyCfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.out").toFile()).start();
        try {
            theirs = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> rows(haproxyStats), r -> !r.isEmpty());
        } finally {
            haproxy.destroy(); // only the process this test started
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
        int lbgateStats = FreePorts.next();
        List<String> ours;
        try (TestGateway ignored = TestGateway.start(dir, cfg(statsSocket, lbgateStats))) {
            ours = rows(lbgateStats);
        }

        int first = statsSocket ? 2 : 1;
        assertThat(theirs).as("HAProxy's rows").contains("be_last,BACKEND," + (first + 3) + ",0,1");
        assertThat(theirs).as("HAProxy's rows").contains("stats,FRONTEND," + (first + 2) + ",0,0",
                "stats,BACKEND," + (first + 2) + ",0,1");
        assertThat(ours).isEqualTo(theirs);
    }

    /** Each proxy's ports are fresh: the frontends never get a connection, nor the servers. */
    private String cfg(boolean statsSocket, int statsPort) {
        String global = statsSocket ? "global\n    stats socket " + dir.resolve("s" + statsPort + ".sock")
                + " level admin\n" : "";
        return global + """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                backend be_first
                    server s1 127.0.0.1:%d
                frontend fe_one
                    bind 127.0.0.1:%d
                    default_backend be_first
                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /s
                backend be_last
                    server s1 127.0.0.1:%d
                    server s2 127.0.0.1:%d
                listen lst
                    bind 127.0.0.1:%d
                    server s1 127.0.0.1:%d
                """.formatted(FreePorts.next(), FreePorts.next(), statsPort, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next());
    }

    /** {@code pxname,svname,iid,sid,type} of every row, in order. */
    private static List<String> rows(int statsPort) throws IOException, InterruptedException {
        HttpResponse<String> csv = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort
                + "/s;csv")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        return csv.body().lines().skip(1).map(l -> l.split(",", -1)).map(f -> String.join(",", Arrays.asList(
                f[StatField.PXNAME.ordinal()], f[StatField.SVNAME.ordinal()], f[StatField.IID.ordinal()],
                f[StatField.SID.ordinal()], f[StatField.TYPE.ordinal()]))).toList();
    }
}
