package io.lbgate.health;

import io.lbgate.registry.AdminState;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.ForcedHealth;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The texts of docs/haproxy-behaviour.md, "Health checks", produced from real registry transitions. */
class HealthLogTest {
    private static final CheckResult REFUSED = CheckResult.failed("L4CON", 0, 0, "Connection refused");

    private final Registry registry = Cfg.registry("""
            backend ddb_backend
                server node1 127.0.0.1:8801 check rise 2 fall 2
                server node2 127.0.0.1:8802 check rise 2 fall 2
                server node3 127.0.0.1:8803 check rise 2 fall 2
                server spare 127.0.0.1:8804 check rise 2 fall 2 backup
            """);
    private final List<HealthLog.Entry> logged = new ArrayList<>();

    HealthLogTest() {
        registry.subscribe(change -> logged.addAll(HealthLog.entries(change)));
    }

    private Server server(String name) {
        return registry.server("ddb_backend", name).orElseThrow();
    }

    private List<String> texts() {
        return logged.stream().map(HealthLog.Entry::text).toList();
    }

    @Test
    void downMessageNamesReasonInfoDurationAndWhatIsLeft() {
        registry.reportCheck(server("node1"), REFUSED);
        assertThat(texts()).containsExactly("Server ddb_backend/node1 is DOWN, reason: Layer4 connection problem, "
                + "info: \"Connection refused\", check duration: 0ms. 2 active and 1 backup servers left. "
                + "0 sessions active, 0 requeued, 0 remaining in queue.");
        assertThat(logged.get(0).alert()).isFalse();
    }

    @Test
    void intermediateStepsLogNothingAndUpNamesTheCode() {
        Server node1 = server("node1");
        registry.reportCheck(node1, CheckResult.passed("L7OK", 200, 1)); // UP
        registry.reportCheck(node1, CheckResult.failed("L7STS", 500, 1, "Internal Server Error")); // UP 1/2
        assertThat(texts()).isEmpty();
        registry.reportCheck(node1, CheckResult.failed("L7STS", 500, 1, "Internal Server Error"));
        registry.reportCheck(node1, CheckResult.passed("L7OK", 200, 1)); // DOWN 1/2
        registry.reportCheck(node1, CheckResult.passed("L7OK", 200, 1)); // UP
        assertThat(texts()).containsExactly(
                "Server ddb_backend/node1 is DOWN, reason: Layer7 wrong status, code: 500, info: \"Internal Server Error\", "
                        + "check duration: 1ms. 2 active and 1 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                "Server ddb_backend/node1 is UP, reason: Layer7 check passed, code: 200, check duration: 1ms. "
                        + "3 active and 1 backup servers online. 0 sessions requeued, 0 total in queue.");
    }

    @Test
    void lastServerDownRunsOnBackupThenNoServerAvailable() {
        registry.reportCheck(server("node1"), REFUSED);
        registry.reportCheck(server("node2"), REFUSED);
        registry.reportCheck(server("node3"), CheckResult.failed("L7TOUT", 0, 1945, ""));
        assertThat(texts()).last().isEqualTo("Server ddb_backend/node3 is DOWN, reason: Layer7 timeout, "
                + "check duration: 1945ms. 0 active and 1 backup servers left. Running on backup. "
                + "0 sessions active, 0 requeued, 0 remaining in queue.");
        registry.reportCheck(server("spare"), REFUSED);
        assertThat(logged).last().isEqualTo(new HealthLog.Entry(true, "backend ddb_backend has no server available!"));
        assertThat(texts()).contains("Backup Server ddb_backend/spare is DOWN, reason: Layer4 connection problem, "
                + "info: \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left. "
                + "0 sessions active, 0 requeued, 0 remaining in queue.");
    }

    // Observed on HAProxy 2.6.12 after posting hdown / hrunn / hnolb to the stats page:
    //   Server app/s1 is DOWN, changed from Web interface. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
    //   Server app/s1 is UP, changed from Web interface. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
    //   Server app/s1 is stopping, changed from Web interface. 2 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
    //   Server app/s2 remains in forced drain mode.          (after either line, for a server in DRAIN)
    // and, for a passed check ending a forced NOLB:
    //   Server app/s1 is UP, reason: Layer4 check passed, check duration: 0ms. 3 active and 0 backup servers online. ...
    // Nothing for dhlth/ehlth, nor for hdown on a server already DOWN.
    @Test
    void forcedChangesAreLoggedAsChangedFromWebInterface() {
        Server node1 = server("node1");
        registry.reportCheck(node1, CheckResult.passed("L4OK", 0, 0));
        registry.forceHealth(node1, ForcedHealth.DOWN, "changed from Web interface");
        registry.forceHealth(node1, ForcedHealth.DOWN, "changed from Web interface");
        registry.forceHealth(node1, ForcedHealth.UP, "changed from Web interface");
        registry.forceHealth(node1, ForcedHealth.NOLB, "changed from Web interface");
        registry.reportCheck(node1, CheckResult.passed("L4OK", 0, 0));
        registry.setChecksEnabled(node1, false, "test");
        registry.setChecksEnabled(node1, true, "test");

        assertThat(texts()).containsExactly(
                "Server ddb_backend/node1 is DOWN, changed from Web interface. 2 active and 1 backup servers left. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue.",
                "Server ddb_backend/node1 is UP, changed from Web interface. 3 active and 1 backup servers online. "
                        + "0 sessions requeued, 0 total in queue.",
                "Server ddb_backend/node1 is stopping, changed from Web interface. 2 active and 1 backup servers online. "
                        + "0 sessions requeued, 0 total in queue.",
                "Server ddb_backend/node1 is UP, reason: Layer4 check passed, check duration: 0ms. "
                        + "3 active and 1 backup servers online. 0 sessions requeued, 0 total in queue.");
    }

    @Test
    void forcedDownOfADrainingServerSaysItRemainsInDrain() {
        Server node2 = server("node2");
        registry.setAdminState(node2, AdminState.DRAIN, "test");
        registry.forceHealth(node2, ForcedHealth.DOWN, "changed from Web interface");
        assertThat(texts()).containsExactly(
                "Server ddb_backend/node2 is DOWN, changed from Web interface. 2 active and 1 backup servers left. "
                        + "0 sessions active, 0 requeued, 0 remaining in queue.",
                "Server ddb_backend/node2 remains in forced drain mode.");
    }
}
