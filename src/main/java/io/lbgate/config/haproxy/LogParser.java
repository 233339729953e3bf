package io.lbgate.config.haproxy;

import io.lbgate.config.LogTarget;
import java.util.List;
import java.util.Set;

/** {@code log <address>[:port] <facility> [<level> [<minlevel>]]} and {@code log global}. */
final class LogParser {
    private static final int DEFAULT_PORT = 514;
    private static final Set<String> FACILITIES = Set.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1",
            "local2", "local3", "local4", "local5", "local6", "local7");
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice",
            "info", "debug");

    private LogParser() {
    }

    static void global(Directive d) {
        if ("global".equals(d.arg(0))) {
            d.alert("log : 'global' is only valid in proxy sections");
            return;
        }
        LogTarget target = parse(d);
        if (target != null) {
            d.global().logs.add(target);
        }
    }

    static void proxy(Directive d) {
        if (d.negated()) {
            d.proxy().logs.clear();
            return;
        }
        if ("global".equals(d.arg(0)) && d.args().size() == 1) {
            d.proxy().logs.add(ProxyDraft.GLOBAL_LOG);
            return;
        }
        LogTarget target = parse(d);
        if (target != null) {
            d.proxy().logs.add(target);
        }
    }

    /** The target, or {@code null} when the line was reported (error, or a target lbgate ignores). */
    private static LogTarget parse(Directive d) {
        if (d.args().size() < 2) {
            // HAProxy 2.6.12 wording, observed.
            d.alert("log : expects <address> and <facility> or global as arguments");
            return null;
        }
        String address = CfgAddresses.stripFamily(d.arg(0));
        String facility = d.arg(1);
        if (!FACILITIES.contains(facility)) {
            d.alert("log : unknown log facility '" + facility + "'");
            return null;
        }
        String level = d.arg(2);
        if (level != null && !LEVELS.contains(level)) {
            d.alert("log : unknown optional log level '" + level + "'");
            return null;
        }
        String minLevel = d.arg(3);
        if (minLevel != null && !LEVELS.contains(minLevel)) {
            d.alert("log : unknown optional minimum log level '" + minLevel + "'");
            return null;
        }
        if (d.args().size() > 4) {
            d.alert("log : only <address> <facility> [<level> [<minlevel>]] is supported by lbgate (got '"
                    + d.arg(4) + "')");
            return null;
        }
        if (address.startsWith("/") || address.contains("@") || address.equals("stdout") || address.equals("stderr")) {
            d.warning("log : lbgate sends syslog over UDP only; target '" + d.arg(0) + "' ignored");
            return null;
        }
        CfgAddresses.HostPort hp = CfgAddresses.split(address);
        int port = DEFAULT_PORT;
        if (hp.port() != null) {
            port = CfgAddresses.port(hp.port());
            if (port < 0) {
                d.alert("log : invalid port '" + hp.port() + "'");
                return null;
            }
        }
        return new LogTarget(hp.host(), port, facility, level);
    }
}
