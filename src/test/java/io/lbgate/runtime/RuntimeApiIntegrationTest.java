package io.lbgate.runtime;

import io.lbgate.admin.AuditEntry;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runtime API through real sockets of a gateway started from a haproxy.cfg. */
class RuntimeApiIntegrationTest {
    @TempDir
    static Path dir;
    static RuntimeGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = RuntimeGateway.start(dir, "stats timeout 2s");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static Server server(String name) {
        return gw.registry().server("app", name).orElseThrow();
    }

    @Test
    void unixSocketHasTheModeGiven() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gw.admin()))).isEqualTo("rw-------");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void oneCommandThenTheConnectionCloses() {
        assertThat(ApiClient.send(gw.admin(), "show cli level")).isEqualTo("admin\n\n");
        assertThat(ApiClient.send(gw.operator(), "show cli level")).isEqualTo("operator\n\n");
        assertThat(ApiClient.send(gw.user(), "show cli level")).isEqualTo("user\n\n");
        assertThat(ApiClient.send(gw.tcpPort, "show cli level")).isEqualTo("admin\n\n");
    }

    @Test
    void semicolonSeparatesCommands() {
        assertThat(ApiClient.send(gw.admin(), "show backend;get weight app/s3;show cli level"))
                .as("HAProxy lists the stats listener's backend too")
                .isEqualTo("# name\napp\nstats\n\n3 (initial 3)\n\nadmin\n\n");
    }

    @Test
    void promptKeepsTheConnectionUntilQuit() {
        try (ApiClient c = ApiClient.connect(gw.admin())) {
            c.write("prompt\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("\n> ");
            c.write("show cli level\n");
            assertThat(c.readUntil("> ", Duration.ofSeconds(5))).isEqualTo("admin\n\n> ");
            c.write("get weight app/s1;get weight app/nope\n");
            assertThat(c.readUntil("\n> ", Duration.ofSeconds(5)))
                    .isEqualTo("1 (initial 1)\n\n> No such server.\n\n> ");
            c.write("quit\n");
            assertThat(c.readToEnd(Duration.ofSeconds(5))).isEmpty();
        }
    }

    @Test
    void maintFromTheSocketShowsOnTheStatsPageAndInTheAuditLog() throws Exception {
        assertThat(ApiClient.send(gw.admin(), "set server app/s2 state maint")).isEqualTo("\n");
        try {
            assertThat(server("s2").adminState()).isEqualTo(AdminState.MAINT);
            assertThat(gw.csv()).contains("\napp,s2,").containsPattern("\napp,s2,([^,]*,){15}MAINT,");
            AuditEntry entry = gw.audit().entries().get(0);
            assertThat(entry.user()).isEqualTo("stats socket " + gw.admin() + " (admin)");
            assertThat(entry.address()).isEqualTo("unix");
            assertThat(entry.action()).isEqualTo("set server app/s2 state maint");
            assertThat(entry.server()).isEqualTo("s2");
            assertThat(entry.result()).isEqualTo("done");
        } finally {
            assertThat(ApiClient.send(gw.admin(), "set server app/s2 state ready")).isEqualTo("\n");
        }
        assertThat(server("s2").adminState()).isEqualTo(AdminState.READY);
    }

    @Test
    void weightCommandsFollowHaproxysRules() {
        try {
            assertThat(ApiClient.send(gw.admin(), "set weight app/s3 50%")).isEqualTo("\n");
            assertThat(ApiClient.send(gw.admin(), "get weight app/s3")).isEqualTo("1 (initial 3)\n\n");
            assertThat(ApiClient.send(gw.admin(), "set server app/s3 weight 7")).isEqualTo("\n");
            assertThat(server("s3").userWeight()).isEqualTo(7);
            assertThat(ApiClient.send(gw.admin(), "set weight app/s3 300"))
                    .isEqualTo("Absolute weight can only be between 0 and 256 inclusive.\n\n");
            assertThat(ApiClient.send(gw.admin(), "set weight app/s3 1x")).isEqualTo("Trailing garbage in weight string\n");
            assertThat(ApiClient.send(gw.admin(), "set weight app/s3 abc"))
                    .isEqualTo("Empty weight string empty or preceded by garbage\n");
            assertThat(ApiClient.send(gw.admin(), "set weight app/s3")).isEqualTo("Require <weight> or <weight%>.\n\n");
            assertThat(server("s3").userWeight()).isEqualTo(7);
        } finally {
            ApiClient.send(gw.admin(), "set weight app/s3 100%");
        }
        assertThat(server("s3").userWeight()).isEqualTo(3);
    }

    @Test
    void lowerLevelsAreRefusedAndChangeNothing() {
        assertThat(ApiClient.send(gw.user(), "set server app/s1 state maint")).isEqualTo("Permission denied\n\n");
        assertThat(ApiClient.send(gw.operator(), "disable server app/s1")).isEqualTo("Permission denied\n\n");
        assertThat(ApiClient.send(gw.operator(), "clear counters all")).isEqualTo("Permission denied\n\n");
        assertThat(ApiClient.send(gw.user(), "show sess")).isEqualTo("Permission denied\n\n");
        assertThat(ApiClient.send(gw.user(), "clear counters")).isEqualTo("Permission denied\n\n");
        assertThat(ApiClient.send(gw.operator(), "clear counters")).isEqualTo("\n");
        assertThat(server("s1").adminState()).isEqualTo(AdminState.READY);
    }

    @Test
    void badReferencesGetHaproxysErrorsAndChangeNothing() {
        assertThat(ApiClient.send(gw.admin(), "set server app/nope state maint")).isEqualTo("No such server.\n\n");
        assertThat(ApiClient.send(gw.admin(), "set server nope/s1 state maint")).isEqualTo("No such backend.\n\n");
        assertThat(ApiClient.send(gw.admin(), "set server app state maint")).isEqualTo("Require 'backend/server'.\n\n");
        assertThat(ApiClient.send(gw.admin(), "set server app/s1 state sleepy"))
                .isEqualTo("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n\n");
        assertThat(ApiClient.send(gw.admin(), "show servers state nope")).isEqualTo("Can't find backend.\n\n");
        assertThat(ApiClient.send(gw.admin(), "show stat nope 1 -1")).isEqualTo("No such proxy.\n\n");
        assertThat(ApiClient.send(gw.admin(), "frobnicate"))
                .startsWith("Unknown command, but maybe one of the following ones is a better match:\n")
                .endsWith("  quit                                    : disconnect\n\n");
        assertThat(gw.registry().servers()).allMatch(s -> s.adminState() == AdminState.READY);
    }

    @Test
    void aLineLongerThanHaproxysLimitClosesWithoutAnAnswer() {
        assertThat(ApiClient.send(gw.admin(), "show cli level " + "x".repeat(CommandLine.MAX_LENGTH - 15)))
                .isEqualTo("admin\n\n");
        assertThat(ApiClient.send(gw.admin(), "show cli level " + "x".repeat(CommandLine.MAX_LENGTH - 14)))
                .isEmpty();
    }

    @Test
    void aSilentClientIsClosedAfterStatsTimeout() {
        try (ApiClient c = ApiClient.connect(gw.admin())) {
            long start = System.nanoTime();
            assertThat(c.readToEnd(Duration.ofSeconds(6))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void showStatIsTheStatsPagesCsvWithAddressesAtOperatorLevel() throws Exception {
        String user = ApiClient.send(gw.user(), "show stat");
        String admin = ApiClient.send(gw.admin(), "show stat");
        assertThat(user).startsWith("# pxname,svname,").endsWith(",\n\n");
        assertThat(admin).contains(",127.0.0.1:" + gw.servers.port(1) + ",");
        assertThat(user).doesNotContain("127.0.0.1:" + gw.servers.port(1));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(rows(ApiClient.send(gw.user(), "show stat"))).isEqualTo(rows(gw.csv())));
    }

    /** {@code pxname,svname,status} of every row: what does not move between two reads. */
    private static java.util.List<String> rows(String csv) {
        return csv.lines().filter(l -> !l.isEmpty()).map(l -> l.split(",", -1))
                .map(f -> f[0] + "," + f[1] + "," + f[17]).toList();
    }
}
