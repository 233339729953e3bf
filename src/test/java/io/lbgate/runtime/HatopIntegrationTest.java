package io.lbgate.runtime;

import io.lbgate.registry.AdminState;
import io.lbgate.support.SystemPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code hatop -s <socket>} (Debian's hatop 0.8.2) against lbgate, driven in a tmux server of the
 * test's own: it starts, lists the frontend, the backend and its servers with their states, and its
 * F10 (disable server) and F9 (enable server) take effect in the registry and on its screen.
 */
class HatopIntegrationTest {
    private static final String HATOP = "/usr/bin/hatop";
    private static final String TMUX = "/usr/bin/tmux";
    /** A tmux server of this test alone: killing it touches no one else's session. */
    private final String tmuxSocket = "lbgate-hatop-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;
    private RuntimeGateway gw;

    @AfterEach
    void stop() throws Exception {
        tmux("kill-server");
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void hatopListsServersAndPutsOneInMaintAndBack() throws Exception {
        SystemPackage.require(HATOP, "hatop");
        SystemPackage.require(TMUX, "tmux");
        gw = RuntimeGateway.start(dir, "");
        tmux("new-session", "-d", "-s", "hatop", "-x", "200", "-y", "50", HATOP + " -s " + gw.admin());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(screen())
                .contains(">>> web", ">>> app")
                .containsPattern("(?m)^FRONTEND\\s+0 OPEN")
                .containsPattern("(?m)^s1\\s+1 UP\\s+L4OK")
                .containsPattern("(?m)^s2\\s+1 -\\s+none")
                .containsPattern("(?m)^s3\\s+3 -\\s+none")
                .containsPattern("(?m)^BACKEND\\s+2 UP"));

        selectRow("s2");
        tmux("send-keys", "-t", "hatop", "F10");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gw.registry().server("app", "s2").orElseThrow().adminState()).isEqualTo(AdminState.MAINT);
            assertThat(screen()).containsPattern("(?m)^s2\\s+1 MAINT");
        });

        tmux("send-keys", "-t", "hatop", "F9");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gw.registry().server("app", "s2").orElseThrow().adminState()).isEqualTo(AdminState.READY);
            assertThat(screen()).containsPattern("(?m)^s2\\s+1 -\\s+none");
        });
        assertThat(gw.audit().entries()).extracting(e -> e.action() + " " + e.result())
                .startsWith("enable server app/s2 done", "disable server app/s2 done");
    }

    /** Moves hatop's cursor down (at most 12 rows) until {@code name}'s row is the highlighted one. */
    private void selectRow(String name) throws Exception {
        for (int i = 0; i < 12; i++) {
            tmux("send-keys", "-t", "hatop", "Down");
            try {
                await().atMost(Duration.ofSeconds(2)).ignoreExceptions()
                        .until(this::highlighted, h -> h != null && h.startsWith(name + " "));
                return;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // not there yet (a blank or a proxy title row is highlighted): one row further
            }
        }
        throw new AssertionError("hatop never highlighted " + name + ":\n" + screen());
    }

    /** The row drawn in reverse video (hatop's cursor; a blank row between proxies too), {@code null} if none. */
    private String highlighted() throws Exception {
        for (String line : tmux("capture-pane", "-e", "-p", "-t", "hatop").split("\n")) {
            if (line.startsWith("\u001b[7m") && !line.contains("NAME")) {
                return line.substring(4);
            }
        }
        return null;
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "hatop");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TMUX, "-L", tmuxSocket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
