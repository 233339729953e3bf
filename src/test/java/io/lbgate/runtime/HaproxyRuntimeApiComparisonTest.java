package io.lbgate.runtime;

import io.lbgate.support.FreePorts;
import io.lbgate.support.NamedHttpServers;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every runtime API command lbgate answers, sent to the real HAProxy 2.6 (installed by .ci/run) and
 * then to lbgate on the same haproxy.cfg, in the same order, at each level. Error and permission
 * texts, weights, levels and prompt framing must be byte for byte HAProxy's; listings are compared
 * by their shape (keys, columns, row identities, states), leaving out what differs by nature:
 * times, process figures, and commands lbgate does not have in the help lists. The stats
 * listener's own rows and backend are compared as any other proxy's.
 */
class HaproxyRuntimeApiComparisonTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    /** How two answers must agree. */
    private enum Compare {
        EXACT(a -> a),
        /**
         * {@code show servers state}: all but srv_time_since_last_change, and the check health of a
         * server without checks (HAProxy leaves it at 0 after MAINT, lbgate at rise; nothing reads it).
         */
        SERVERS_STATE(a -> a.lines().map(l -> {
            String[] f = l.split(" ", -1);
            if (f.length > 13 && !l.startsWith("#")) {
                f[9] = "<t>";
                if (f[13].equals("0")) {
                    f[12] = "<unchecked>";
                }
            }
            return String.join(" ", f);
        }).toList().toString()),
        /** The CSV header, then per row the columns that identify it and its state. */
        CSV(a -> a.lines().map(l -> {
            if (l.startsWith("#") || l.isEmpty()) {
                return l;
            }
            String[] f = l.split(",", -1);
            return f.length + ":" + pick(f, 0, 1, 17, 18, 19, 20, 26, 27, 28, 32, 36, 73, 74, 75, 76);
        }).toList().toString()),
        /** {@code typed}: the field names of each row, values aside. */
        TYPED(a -> a.lines().filter(l -> !l.matches("[FBS]\\.4\\..*")).map(l -> l.replaceAll(":[^:]*$", ""))
                .toList().toString()),
        /** {@code show info}: the keys in their order. */
        INFO_KEYS(a -> a.lines().map(l -> l.replaceAll(":.*", "")).toList().toString()),
        /** Usage texts: HAProxy's header and closing lines; lbgate's lines are some of HAProxy's. */
        USAGE(a -> a.lines().findFirst().orElse("") + " ... " + a.lines().skip(Math.max(0, a.lines().count() - 3))
                .toList()),
        /** Suggestions for a mistyped command: HAProxy's header and closing lines (it has more commands to suggest). */
        SUGGESTIONS(USAGE.shape),
        /** {@code show backend}, the stats listener's backend included. */
        BACKENDS(a -> a.lines().toList().toString());

        private final Function<String, String> shape;

        Compare(Function<String, String> shape) {
            this.shape = shape;
        }

        private static String pick(String[] f, int... columns) {
            StringBuilder sb = new StringBuilder();
            for (int c : columns) {
                sb.append(c < f.length ? f[c] : "<none>").append(',');
            }
            return sb.toString();
        }
    }

    private record Exchange(String socket, String command, Compare compare) {
    }

    private static final List<Exchange> EXCHANGES = List.of(
            x("admin", "show cli level"), x("oper", "show cli level"), x("user", "show cli level"),
            x("admin", "show backend", Compare.BACKENDS), x("admin", "get weight app/s3"),
            x("admin", "get weight #3/#1"), x("admin", "get weight app/s1 extra"),
            x("admin", "show servers state", Compare.SERVERS_STATE),
            x("user", "show servers state #3", Compare.SERVERS_STATE), x("admin", "show servers state nope"),
            x("admin", "show stat", Compare.CSV), x("user", "show stat", Compare.CSV),
            x("oper", "show stat -1 4 -1", Compare.CSV), x("admin", "show stat app 2 -1", Compare.CSV),
            x("admin", "show stat 3 -1 -1 up", Compare.CSV), x("admin", "show stat nope 1 -1"),
            x("admin", "show stat typed", Compare.TYPED), x("user", "show stat typed", Compare.TYPED),
            x("admin", "show info", Compare.INFO_KEYS), x("admin", "show info typed", Compare.INFO_KEYS),
            // levels
            x("user", "set server app/s1 state maint"), x("oper", "set weight app/s1 2"),
            x("oper", "clear counters all"), x("oper", "disable health app/s1"), x("user", "show sess"),
            x("user", "show env"), x("user", "clear counters"), x("oper", "clear counters"),
            x("user", "operator"), x("admin", "operator;show cli level;user;show cli level;operator"),
            x("user", "set timeout cli 60"), x("oper", "shutdown sessions server app/s1"),
            // bad input
            x("admin", "set server app/nope state maint"), x("admin", "set server nope/s1 state maint"),
            x("admin", "set server app state maint"), x("admin", "set server app/s1"),
            x("admin", "set server app/s1 state"), x("admin", "set server app/s1 state foo"),
            x("admin", "set server app/s1 health foo"), x("admin", "set server app/s1 weight"),
            x("admin", "set server app/s1 weight abc"), x("admin", "set server app/s1 weight 300"),
            x("admin", "set server app/s1 weight -1"), x("admin", "set weight app/s1 1x"),
            x("admin", "set weight app/s1 257"), x("admin", "set weight app/s1"), x("admin", "get weight app"),
            x("admin", "get weight"), x("admin", "get weight app/nope"), x("admin", "disable server"),
            x("admin", "enable server nope/x"), x("admin", "shutdown sessions server app/nope"),
            x("admin", "shutdown sessions server"), x("admin", "enable health app/s2"),
            x("admin", "disable health app/s2"), x("admin", "enable agent app/s2"),
            x("admin", "disable agent app/s2"), x("admin", "set server app/s2 agent up"),
            x("admin", "show env NOPE_LBGATE_NOT_SET"), x("admin", "set timeout cli abc"), x("admin", "set timeout cli"),
            x("admin", "set timeout foo 5"), x("admin", "show sess 0x1"), x("admin", "clear counters foo"),
            x("admin", "", Compare.USAGE), x("admin", "foo", Compare.SUGGESTIONS), x("admin", "help", Compare.USAGE),
            x("admin", "help get", Compare.USAGE), x("admin", "shutdown sessions"),
            x("admin", "show cli level " + "x".repeat(CommandLine.MAX_LENGTH - 15)),
            // changes, each read back
            x("admin", "set server app/s2 state drain"), x("admin", "show servers state app", Compare.SERVERS_STATE),
            x("admin", "show stat -1 6 -1", Compare.CSV), x("admin", "set server app/s2 state maint"),
            x("admin", "show servers state app", Compare.SERVERS_STATE), x("admin", "show stat -1 6 -1", Compare.CSV),
            x("admin", "enable server app/s2"), x("admin", "show servers state app", Compare.SERVERS_STATE),
            x("admin", "disable server app/s3"), x("admin", "show stat -1 6 -1", Compare.CSV),
            x("admin", "set server app/s3 state ready"), x("admin", "set server app/s2 health down"),
            x("admin", "show servers state app", Compare.SERVERS_STATE), x("admin", "set server app/s2 health up"),
            x("admin", "set weight app/s3 50%"), x("admin", "get weight app/s3"),
            x("admin", "set server app/s3 weight 100%"), x("admin", "get weight app/s3"),
            x("admin", "set server app/s1 weight 0"), x("admin", "show stat -1 6 -1", Compare.CSV),
            x("admin", "set weight app/s1 1"), x("admin", "disable health app/s1"),
            x("admin", "show servers state app", Compare.SERVERS_STATE), x("admin", "enable health app/s1"),
            x("admin", "show backend;get weight app/s3;show cli level", Compare.BACKENDS),
            x("tcp", "show cli level"));

    private static Exchange x(String socket, String command) {
        return new Exchange(socket, command, Compare.EXACT);
    }

    private static Exchange x(String socket, String command, Compare compare) {
        return new Exchange(socket, command, compare);
    }

    @Test
    void everyAnswerHasHaproxysShape() throws Exception {
        SystemPackage.require(HAPROXY.toString(), "haproxy");
        try (NamedHttpServers servers = NamedHttpServers.start("s1", "s2", "s3")) {
            int tcpPort = FreePorts.next();
            Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), RuntimeGateway.cfg(dir, "stats timeout 5s",
                    servers, FreePorts.next(), FreePorts.next(), tcpPort));
            List<String> theirs;
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.out").toFile()).start();
            try {
                awaitFirstCheck(tcpPort);
                theirs = run(tcpPort);
                assertThat(promptSession()).isEqualTo(List.of("\n> ", "admin\n\n> ", "1 (initial 1)\n\n> ", ""));
            } finally {
                haproxy.destroy(); // only the process this test started
                haproxy.waitFor(5, TimeUnit.SECONDS);
            }
            List<String> ours;
            List<String> ourPrompt;
            try (TestGateway ignored = TestGateway.start(dir, Files.readString(cfg))) {
                awaitFirstCheck(tcpPort);
                ours = run(tcpPort);
                ourPrompt = promptSession();
            }
            assertThat(ourPrompt).isEqualTo(List.of("\n> ", "admin\n\n> ", "1 (initial 1)\n\n> ", ""));
            for (int i = 0; i < EXCHANGES.size(); i++) {
                Exchange e = EXCHANGES.get(i);
                String command = e.socket() + ": " + abbreviate(e.command());
                assertThat(e.compare().shape.apply(ours.get(i))).as(command + "\nlbgate:\n" + ours.get(i)
                        + "\nHAProxy:\n" + theirs.get(i)).isEqualTo(e.compare().shape.apply(theirs.get(i)));
                if (e.compare() == Compare.USAGE) {
                    assertThat(Arrays.asList(theirs.get(i).split("\n"))).as(command)
                            .containsAll(Arrays.asList(ours.get(i).split("\n")));
                }
            }
        }
    }

    /** Both start s1 with its first check pending; compare once it has passed. */
    private void awaitFirstCheck(int tcpPort) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                () -> ApiClient.send(tcpPort, "show servers state app"), a -> a.contains(" s1 127.0.0.1 2 0 1 1 ")
                        && a.lines().anyMatch(l -> l.matches("3 app 1 s1 127\\.0\\.0\\.1 2 0 1 1 \\d+ 6 3 4 6 .*")));
    }

    private List<String> run(int tcpPort) {
        List<String> answers = new ArrayList<>();
        for (Exchange e : EXCHANGES) {
            answers.add(e.socket().equals("tcp") ? ApiClient.send(tcpPort, e.command())
                    : ApiClient.send(dir.resolve(e.socket() + ".sock"), e.command()));
        }
        return answers;
    }

    private List<String> promptSession() {
        List<String> answers = new ArrayList<>();
        try (ApiClient c = ApiClient.connect(dir.resolve("admin.sock"))) {
            c.write("prompt\n");
            answers.add(c.readUntil("> ", Duration.ofSeconds(5)));
            c.write("show cli level\n");
            answers.add(c.readUntil("> ", Duration.ofSeconds(5)));
            c.write("get weight app/s1\n");
            answers.add(c.readUntil("> ", Duration.ofSeconds(5)));
            c.write("quit\n");
            answers.add(c.readToEnd(Duration.ofSeconds(5)));
        }
        return answers;
    }

    private static String abbreviate(String command) {
        return command.length() > 60 ? command.substring(0, 20) + "...(" + command.length() + " chars)" : command;
    }
}
