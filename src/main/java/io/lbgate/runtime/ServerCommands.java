package io.lbgate.runtime;

import io.lbgate.admin.AdminAction;
import io.lbgate.admin.AdminOutcome;
import io.lbgate.registry.Server;

import java.util.function.BiFunction;

/**
 * The server commands, with HAProxy 2.6.12's answers (observed). Every change goes through
 * {@link io.lbgate.admin.AdminService#applyFromSocket}, so it reaches the registry (and at once the
 * stats page and CSV) exactly as the admin form's do, and is audited naming the socket. The level
 * was checked before: these are admin commands, except {@code get weight}.
 */
final class ServerCommands {
    static final String STATE_USAGE = "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
    static final String HEALTH_USAGE = "'set server <srv> health' expects 'up', 'stopping', or 'down'.\n";
    static final String SET_SERVER_USAGE = "usage: set server <backend>/<server> addr | agent | agent-addr"
            + " | agent-port | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n";
    static final String NO_AGENT = "agent checks are not enabled on this server.\n";
    static final String AGENT_NOT_CONFIGURED = "Agent was not configured on this server, cannot enable.\n";
    static final String HEALTH_NOT_CONFIGURED = "Health check was not configured on this server, cannot enable.\n";

    private ServerCommands() {
    }

    static String getWeight(CliRequest r) {
        return withServer(r, 2, (server, req) ->
                server.userWeight() + " (initial " + server.configuredWeight() + ")\n");
    }

    /** {@code set server <b>/<s> state|health|agent|weight ...}; HAProxy finds the server first. */
    static String setServer(CliRequest r) {
        return withServer(r, 2, (server, req) -> switch (req.arg(3)) {
            case "state" -> switch (req.arg(4)) {
                case "ready" -> apply(req, server, AdminAction.READY);
                case "drain" -> apply(req, server, AdminAction.DRAIN);
                case "maint" -> apply(req, server, AdminAction.MAINT);
                default -> STATE_USAGE;
            };
            case "health" -> switch (req.arg(4)) {
                case "up" -> apply(req, server, AdminAction.FORCE_UP);
                case "stopping" -> apply(req, server, AdminAction.FORCE_NOLB);
                case "down" -> apply(req, server, AdminAction.FORCE_DOWN);
                default -> HEALTH_USAGE;
            };
            case "agent" -> NO_AGENT; // lbgate has no agent checks
            case "weight" -> weight(req, server, req.arg(4));
            case "addr", "agent-addr", "agent-port", "agent-send", "check-addr", "check-port", "fqdn", "ssl" ->
                    "'set server <srv> " + req.arg(3) + "' is not supported by lbgate.\n";
            default -> SET_SERVER_USAGE;
        });
    }

    static String setWeight(CliRequest r) {
        return withServer(r, 2, (server, req) -> weight(req, server, req.arg(3)));
    }

    static String enableServer(CliRequest r) {
        return withServer(r, 2, (server, req) -> apply(req, server, AdminAction.READY));
    }

    static String disableServer(CliRequest r) {
        return withServer(r, 2, (server, req) -> apply(req, server, AdminAction.MAINT));
    }

    /** On a server without {@code check} HAProxy answers nothing to disable, an error to enable. */
    static String enableHealth(CliRequest r) {
        return withServer(r, 2, (server, req) -> server.isChecked() ? apply(req, server, AdminAction.ENABLE_HEALTH)
                : HEALTH_NOT_CONFIGURED);
    }

    static String disableHealth(CliRequest r) {
        return withServer(r, 2, (server, req) -> server.isChecked() ? apply(req, server, AdminAction.DISABLE_HEALTH)
                : "");
    }

    static String enableAgent(CliRequest r) {
        return withServer(r, 2, (server, req) -> AGENT_NOT_CONFIGURED);
    }

    static String disableAgent(CliRequest r) {
        return withServer(r, 2, (server, req) -> "");
    }

    static String shutdownSessions(CliRequest r) {
        return withServer(r, 3, (server, req) -> apply(req, server, AdminAction.SHUTDOWN));
    }

    private static String withServer(CliRequest r, int argument, BiFunction<Server, CliRequest, String> action) {
        ServerRef.Lookup found = ServerRef.find(r.services().registry(), r.arg(argument));
        return found.server() == null ? found.error() : action.apply(found.server(), r);
    }

    private static String apply(CliRequest r, Server server, AdminAction action) {
        return answer(r.services().admin().applyFromSocket(server, action, null, r.actor(), r.text()));
    }

    /**
     * HAProxy's {@code server_parse_weight_change_request}: {@code <n>} absolute (0..256) or
     * {@code <n>%} of the configured weight (capped at 256); two of its messages have no line feed.
     */
    private static String weight(CliRequest r, Server server, String text) {
        if (text.isEmpty()) {
            return "Require <weight> or <weight%>.\n";
        }
        int end = 0;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            end++;
        }
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        String digits = text.substring(0, end);
        if (digits.isEmpty() || digits.equals("-") || digits.equals("+")) {
            return "Empty weight string empty or preceded by garbage";
        }
        long value = digits.length() > 12 ? (digits.startsWith("-") ? -1 : Long.MAX_VALUE) : Long.parseLong(digits);
        String rest = text.substring(end);
        if (rest.equals("%")) {
            if (value < 0) {
                return "Relative weight must be positive.\n";
            }
            value = Math.min(256, server.configuredWeight() * Math.min(value, 25600) / 100);
        } else if (value < 0 || value > 256) {
            return "Absolute weight can only be between 0 and 256 inclusive.\n";
        } else if (!rest.isEmpty()) {
            return "Trailing garbage in weight string";
        }
        if (value != 0 && value != server.configuredWeight() && !server.backend().balancer().dynamicWeights()) {
            return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n";
        }
        return answer(r.services().admin().applyFromSocket(server, AdminAction.WEIGHT, Long.toString(value),
                r.actor(), r.text()));
    }

    /** Success is an empty answer; a refusal (which the checks above should prevent) says why. */
    private static String answer(AdminOutcome outcome) {
        return outcome.kind() == AdminOutcome.Kind.REFUSED ? outcome.detail() + "\n" : "";
    }
}
