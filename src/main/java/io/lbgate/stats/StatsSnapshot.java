package io.lbgate.stats;

import io.lbgate.config.GatewayConfig;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.OperationalState;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry as HAProxy's stats outputs see it at one moment: proxies in configuration order,
 * each with its FRONTEND row, its server rows and its BACKEND row (a {@code listen} section is one
 * proxy, as in HAProxy; so is each stats listener, whose rows count the control plane's requests
 * on its binds). HAProxy lists proxies in file order, not id order (they differ only with a
 * forced {@code id}, which lbgate does not read), so ordering by id is ordering by file. Every counter is read once; the CSV, JSON and HTML views format the same rows, so
 * they never disagree.
 */
final class StatsSnapshot {
    private StatsSnapshot() {
    }

    static List<ProxyStats> of(Registry registry, GatewayConfig config, StatsOptions options, Clock clock) {
        RowFiller filler = new RowFiller(config, clock.millis());
        Map<Integer, Builder> byIid = new TreeMap<>();
        List<Frontend> frontends = new ArrayList<>(registry.frontends());
        frontends.addAll(registry.statsFrontends());
        for (Frontend frontend : frontends) {
            if (options.inScope(frontend.name())) {
                builder(byIid, frontend.iid(), frontend.name()).frontend = filler.frontend(frontend);
            }
        }
        for (Backend backend : registry.backends()) {
            if (!options.inScope(backend.name())) {
                continue;
            }
            Builder b = builder(byIid, backend.iid(), backend.name());
            for (Server server : backend.servers()) {
                if (shown(server, options)) {
                    b.servers.add(filler.server(server));
                }
            }
            b.backend = filler.backend(backend, options.hideDown());
        }
        return byIid.values().stream().map(Builder::build)
                .sorted(Comparator.comparingInt(ProxyStats::iid)).toList();
    }

    /** {@code ;up} hides servers that are down (MAINT included); {@code ;no-maint} only MAINT ones. */
    private static boolean shown(Server server, StatsOptions options) {
        if (options.hideDown() && server.operationalState() == OperationalState.STOPPED) {
            return false;
        }
        return !(options.hideMaint() && server.status().toUpperCase(Locale.ROOT).startsWith("MAINT"));
    }

    private static Builder builder(Map<Integer, Builder> byIid, int iid, String name) {
        return byIid.computeIfAbsent(iid, i -> new Builder(name, i));
    }

    private static final class Builder {
        final String name;
        final int iid;
        StatRow frontend;
        final List<StatRow> servers = new ArrayList<>();
        StatRow backend;

        Builder(String name, int iid) {
            this.name = name;
            this.iid = iid;
        }

        ProxyStats build() {
            List<StatRow> rows = new ArrayList<>();
            if (frontend != null) {
                rows.add(frontend);
            }
            rows.addAll(servers);
            if (backend != null) {
                rows.add(backend);
            }
            return new ProxyStats(name, iid, backend != null, rows);
        }
    }
}
