package io.lbgate.runtime;

import io.lbgate.config.ServerConfig;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code show servers state [<backend>]}: HAProxy 2.6's format version 1, also its
 * {@code server-state-file} format. Numbers are HAProxy's codes: operational state 0 stopped,
 * 1 starting, 2 running, 3 stopping; admin state bits 0x01 forced MAINT, 0x04 MAINT from the
 * configuration ({@code disabled}), 0x08 forced DRAIN; check state bits 0x02 configured,
 * 0x04 enabled, 0x08 paused by MAINT.
 */
final class ServersState {
    static final String HEADER = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight"
            + " srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health"
            + " srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord"
            + " srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";
    static final String NO_BACKEND = "Can't find backend.\n";

    /** HAProxy's HCHK_STATUS_* numbers. */
    private static final Map<String, Integer> CHECK_STATUS = Map.ofEntries(
            Map.entry("UNK", 0), Map.entry("INI", 1), Map.entry("SOCKERR", 5), Map.entry("L4OK", 6),
            Map.entry("L4TOUT", 7), Map.entry("L4CON", 8), Map.entry("L6OK", 9), Map.entry("L6TOUT", 10),
            Map.entry("L6RSP", 11), Map.entry("L7TOUT", 12), Map.entry("L7RSP", 13), Map.entry("L7OK", 15),
            Map.entry("L7OKC", 16), Map.entry("L7STS", 17));

    private ServersState() {
    }

    static String run(CliRequest request) {
        String name = request.arg(3);
        List<Backend> backends;
        if (name.isEmpty()) {
            backends = request.services().registry().backends();
        } else {
            Optional<Backend> one = ServerRef.backend(request.services().registry(), name);
            if (one.isEmpty()) {
                return NO_BACKEND;
            }
            backends = List.of(one.get());
        }
        Instant now = request.services().clock().instant();
        StringBuilder sb = new StringBuilder(HEADER);
        for (Backend b : backends) {
            for (Server s : b.servers()) {
                line(sb, b, s, now);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, Backend b, Server s, Instant now) {
        ServerConfig c = s.config();
        CheckResult check = s.lastCheck();
        sb.append(b.iid()).append(' ').append(b.name()).append(' ').append(s.id()).append(' ').append(s.name())
                .append(' ').append(c.host())
                .append(' ').append(operational(s))
                .append(' ').append(admin(s))
                .append(' ').append(s.userWeight())
                .append(' ').append(s.configuredWeight())
                .append(' ').append(Math.max(0, Duration.between(s.lastChange(), now).toSeconds()))
                .append(' ').append(s.isChecked() && check != null ? CHECK_STATUS.getOrDefault(check.status(), 0) : 1)
                .append(' ').append(checkResult(s, check))
                .append(' ').append(s.health().health())
                .append(' ').append(checkState(s))
                .append(" 0 0 0 - ").append(c.port())
                .append(" - 0 ").append(c.checkPort())
                .append(' ').append(c.checkAddr() == null ? "-" : c.checkAddr())
                .append(" - 0\n");
    }

    private static int operational(Server s) {
        return switch (s.operationalState()) {
            case STOPPED -> 0;
            case STARTING -> 1;
            case RUNNING -> 2;
            case STOPPING -> 3;
        };
    }

    private static int admin(Server s) {
        AdminState state = s.adminState();
        if (state == AdminState.MAINT) {
            return s.config().disabled() ? 0x04 : 0x01;
        }
        return state == AdminState.DRAIN ? 0x08 : 0;
    }

    /** 0 unknown, 2 failed, 3 passed, 4 conditionally passed. */
    private static int checkResult(Server s, CheckResult check) {
        if (!s.isChecked() || check == null || check.isInitial()) {
            return 0;
        }
        if (!check.passed()) {
            return 2;
        }
        return check.status().equals("L7OKC") ? 4 : 3;
    }

    private static int checkState(Server s) {
        if (!s.isChecked()) {
            return 0;
        }
        int state = 0x02;
        if (s.checksEnabled()) {
            state |= 0x04;
        }
        if (s.adminState() == AdminState.MAINT) {
            state |= 0x08;
        }
        return state;
    }
}
