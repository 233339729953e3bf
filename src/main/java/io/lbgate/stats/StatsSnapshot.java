package io.lbgate.stats;

import io.lbgate.registry.Backend;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A consistent-enough picture of the registry for one page view: counters are read once each,
 * in HAProxy's table order (proxies in declaration order; a frontend and a backend with one name
 * share a table, as a {@code listen} does).
 */
public final class StatsSnapshot {
    private StatsSnapshot() {
    }

    public static List<ProxyTable> of(Registry registry) {
        Map<String, List<StatsRow>> tables = new LinkedHashMap<>();
        for (Frontend frontend : registry.frontends()) {
            tables.computeIfAbsent(frontend.name(), n -> new ArrayList<>()).add(frontendRow(frontend));
        }
        for (Backend backend : registry.backends()) {
            List<StatsRow> rows = tables.computeIfAbsent(backend.name(), n -> new ArrayList<>());
            for (Server server : backend.servers()) {
                rows.add(serverRow(server));
            }
            rows.add(backendRow(backend));
        }
        List<ProxyTable> result = new ArrayList<>();
        tables.forEach((name, rows) -> result.add(new ProxyTable(name, rows)));
        return result;
    }

    private static StatsRow frontendRow(Frontend frontend) {
        Counters c = frontend.counters();
        return new StatsRow(StatsRow.Type.FRONTEND, "Frontend", "OPEN", c.currentSessions(), c.maxSessions(),
                c.totalSessions(), c.bytesIn(), c.bytesOut(), "", "", "", "", "frontend");
    }

    private static StatsRow serverRow(Server server) {
        Counters c = server.counters();
        String check = server.isChecked() && server.lastCheck() != null && !server.lastCheck().isInitial()
                ? server.lastCheck().status() + " in " + server.lastCheck().durationMillis() + "ms"
                : "";
        return new StatsRow(StatsRow.Type.SERVER, server.name(), server.status(), c.currentSessions(),
                c.maxSessions(), c.totalSessions(), c.bytesIn(), c.bytesOut(), check,
                Integer.toString(server.weight()), server.isBackup() ? "-" : "Y", server.isBackup() ? "Y" : "-",
                cssClass(server));
    }

    private static StatsRow backendRow(Backend backend) {
        Counters c = backend.counters();
        return new StatsRow(StatsRow.Type.BACKEND, "Backend", backend.status(), c.currentSessions(),
                c.maxSessions(), c.totalSessions(), c.bytesIn(), c.bytesOut(), "",
                Integer.toString(backend.usableWeight()), Integer.toString(backend.activeUsableCount()),
                Integer.toString(backend.backupUsableCount()), "backend");
    }

    /** HAProxy's colour classes: active/backup, up/going down/down/going up/maint/drain/no check. */
    private static String cssClass(Server server) {
        String status = server.status().toLowerCase(Locale.ROOT);
        String prefix = server.isBackup() ? "backup" : "active";
        if (status.startsWith("maint")) {
            return "maint";
        }
        if (status.startsWith("drain")) {
            return "draining";
        }
        if (status.equals("no check")) {
            return prefix + "_no_check";
        }
        if (status.startsWith("up ")) {
            return prefix + "_going_down";
        }
        if (status.startsWith("down ")) {
            return prefix + "_going_up";
        }
        return prefix + (status.startsWith("up") ? "_up" : "_down");
    }
}
