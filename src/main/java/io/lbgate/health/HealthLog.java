package io.lbgate.health;

import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Server;
import io.lbgate.registry.StateChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages HAProxy 2.6 logs when a health check changes a server's state (docs/haproxy-behaviour.md, "Health checks"), e.g.
 * <pre>
 * Server ddb_backend/node1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 * backend ddb_backend has no server available!
 * Server ddb_backend/node1 is UP, reason: Layer4 check passed, check duration: 0ms. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
 * </pre>
 * As a registry subscriber it writes them to the SLF4J logger {@code lbgate.health} (WARN for a
 * server, ERROR for a backend left without servers, HAProxy's notice and alert); {@link #entries}
 * gives the same texts to whoever routes them elsewhere (syslog).
 *
 * <p>Intermediate steps ({@code UP 2/3}) log nothing, as HAProxy without
 * {@code option log-health-checks}. Nothing is ever requeued yet, hence the constant 0.
 */
public final class HealthLog implements Consumer<StateChange> {
    /** The logger's name, for logging configuration. */
    public static final String LOGGER = "lbgate.health";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("UNK", "Unknown"), Map.entry("INI", "Initializing"),
            Map.entry("SOCKERR", "Socket error"),
            Map.entry("L4OK", "Layer4 check passed"), Map.entry("L4TOUT", "Layer4 timeout"),
            Map.entry("L4CON", "Layer4 connection problem"),
            Map.entry("L6OK", "Layer6 check passed"), Map.entry("L6TOUT", "Layer6 timeout"),
            Map.entry("L6RSP", "Layer6 invalid response"),
            Map.entry("L7OK", "Layer7 check passed"), Map.entry("L7OKC", "Layer7 check conditionally passed"),
            Map.entry("L7TOUT", "Layer7 timeout"), Map.entry("L7RSP", "Layer7 invalid response"),
            Map.entry("L7STS", "Layer7 wrong status"));

    /**
     * One message.
     *
     * @param alert {@code true} for HAProxy's alert level (a backend without servers), else notice
     * @param text  the message, without prefix or trailing newline
     */
    public record Entry(boolean alert, String text) {
    }

    @Override
    public void accept(StateChange change) {
        for (Entry e : entries(change)) {
            if (e.alert()) {
                log.error(e.text());
            } else {
                log.warn(e.text());
            }
        }
    }

    /**
     * The messages for one change; empty for changes health checks did not make or that did not
     * cross between up and down. Call it while the registry delivers the change: the counts it
     * prints are read from the backend at that moment, as HAProxy prints them.
     */
    public static List<Entry> entries(StateChange change) {
        List<Entry> out = new ArrayList<>(2);
        if (change.forced() != null) {
            forced(change, out);
            return out;
        }
        CheckResult check = change.check();
        if (check != null && change.wentDown()) {
            out.add(new Entry(false, serverMessage(change.server(), check, true)));
        } else if (check != null && (change.cameUp() || leftNolb(change))) {
            out.add(new Entry(false, serverMessage(change.server(), check, false)));
        }
        if (change.wentDown() && change.oldStatus().startsWith("UP") && noServerLeft(change.backend())) {
            out.add(new Entry(true, "backend " + change.backend().name() + " has no server available!"));
        }
        return out;
    }

    /**
     * An operator's hrunn/hnolb/hdown (observed on 2.6.12): one line when the server moves between
     * up, stopping (NOLB) and down, e.g.
     * {@code Server app/s1 is DOWN, changed from Web interface. 2 active and 0 backup servers left. ...},
     * then {@code Server app/s2 remains in forced drain mode.} for a server in DRAIN, and the alert
     * when the backend has no server left. {@code hrunn} on {@code UP 2/3} moves nothing: no line.
     */
    private static void forced(StateChange change, List<Entry> out) {
        String from = phase(change.oldStatus());
        String to = phase(change.newStatus());
        if (from.equals(to) || to.equals("MAINT")) {
            return;
        }
        Server server = change.server();
        boolean down = to.equals("DOWN");
        String verb = switch (to) {
            case "DOWN" -> " is DOWN, ";
            case "NOLB" -> " is stopping, ";
            default -> " is UP, ";
        };
        StringBuilder m = new StringBuilder(200).append(server.isBackup() ? "Backup Server " : "Server ")
                .append(server.backend().name()).append('/').append(server.name())
                .append(verb).append(change.cause());
        appendCounts(m, server, down);
        out.add(new Entry(false, m.toString()));
        if (server.adminState() == AdminState.DRAIN) {
            out.add(new Entry(false, "Server " + server.backend().name() + "/" + server.name()
                    + " remains in forced drain mode."));
        }
        if (down && !from.equals("DOWN") && noServerLeft(server.backend())) {
            out.add(new Entry(true, "backend " + server.backend().name() + " has no server available!"));
        }
    }

    /** A passed check ending a forced NOLB: HAProxy logs it as the server coming UP. */
    private static boolean leftNolb(StateChange change) {
        return phase(change.oldStatus()).equals("NOLB") && phase(change.newStatus()).equals("UP");
    }

    /** UP, NOLB, DOWN or MAINT: the part of a status string that a forced change's message names. */
    private static String phase(String status) {
        if (status.startsWith("DOWN")) {
            return "DOWN";
        }
        if (status.startsWith("NOLB")) {
            return "NOLB";
        }
        if (status.startsWith("MAINT")) {
            return "MAINT";
        }
        return "UP"; // UP, UP x/y, no check, DRAIN
    }

    static String serverMessage(Server server, CheckResult check, boolean down) {
        Backend backend = server.backend();
        StringBuilder m = new StringBuilder(200)
                .append(server.isBackup() ? "Backup Server " : "Server ")
                .append(backend.name()).append('/').append(server.name())
                .append(down ? " is DOWN" : " is UP")
                .append(", reason: ").append(describe(check.status()));
        if (hasCode(check.status())) {
            m.append(", code: ").append(check.code());
        }
        if (!check.info().isEmpty()) {
            m.append(", info: \"").append(check.info()).append('"');
        }
        if (check.durationMillis() >= 0) {
            m.append(", check duration: ").append(check.durationMillis()).append("ms");
        }
        appendCounts(m, server, down);
        return m.toString();
    }

    /** {@code . 2 active and 0 backup servers left. 0 sessions active, ...} (or {@code online} when up). */
    private static void appendCounts(StringBuilder m, Server server, boolean down) {
        Backend backend = server.backend();
        int active = backend.activeUsableCount();
        int backup = backend.backupUsableCount();
        m.append(". ").append(active).append(" active and ").append(backup).append(" backup servers ")
                .append(down ? "left." : "online.");
        if (active == 0 && backup > 0) {
            m.append(" Running on backup.");
        }
        long queued = server.counters().currentQueue();
        if (down) {
            m.append(' ').append(server.counters().currentSessions()).append(" sessions active, 0 requeued, ")
                    .append(queued).append(" remaining in queue.");
        } else {
            m.append(" 0 sessions requeued, ").append(queued).append(" total in queue.");
        }
    }

    /** The check_desc of a check_status code (docs/haproxy-behaviour.md, "Health checks"). */
    public static String describe(String status) {
        return DESCRIPTIONS.getOrDefault(status, status);
    }

    /** HAProxy prints the HTTP code for the statuses that carry one (L7OK, L7OKC, L7STS). */
    private static boolean hasCode(String status) {
        return status.equals("L7OK") || status.equals("L7OKC") || status.equals("L7STS");
    }

    private static boolean noServerLeft(Backend backend) {
        return !backend.servers().isEmpty() && backend.activeUsableCount() == 0 && backend.backupUsableCount() == 0;
    }
}
