package io.lbgate.stats;

import io.lbgate.config.Algorithm;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.ServerConfig;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stats rows for the runtime API's {@code show stat}: the same snapshot and writers as the
 * page's {@code ;csv}, {@code ;typed} and {@code ;json}, narrowed as HAProxy narrows
 * {@code show stat <iid> <type> <sid>}, and with the "legend" columns HAProxy fills for an
 * operator or admin socket (a server's {@code addr}, a backend's {@code algo}).
 */
public final class StatsExport {
    /** {@code show stat}'s type bits (HAProxy's {@code 1 << STATS_TYPE_*}); -1 sets every bit. */
    public static final int FRONTENDS = 1;
    public static final int BACKENDS = 2;
    public static final int SERVERS = 4;

    /** The three output formats of {@code show stat}. */
    public enum Format { CSV, TYPED, JSON }

    /**
     * What {@code show stat} asked for.
     *
     * @param iid       the proxy id, -1 for all
     * @param types     a mask of {@link #FRONTENDS}, {@link #BACKENDS}, {@link #SERVERS}
     * @param sid       the server id, -1 for all
     * @param hideDown  {@code up}: servers that are down are left out
     * @param hideMaint {@code no-maint}: servers in maintenance are left out
     * @param legends   fill {@code addr} and {@code algo} (operator and admin sockets)
     */
    public record Request(int iid, int types, int sid, boolean hideDown, boolean hideMaint, boolean legends) {
        public static Request all(boolean legends) {
            return new Request(-1, -1, -1, false, false, legends);
        }
    }

    private StatsExport() {
    }

    /** The dump in {@code format}, without the runtime API's closing blank line. */
    public static String write(Registry registry, GatewayConfig config, Clock clock, Request request, Format format) {
        String options = (request.hideDown() ? ";up" : "") + (request.hideMaint() ? ";no-maint" : "");
        List<ProxyStats> proxies = new ArrayList<>();
        for (ProxyStats proxy : StatsSnapshot.of(registry, config, StatsOptions.parse(options), clock)) {
            if (request.iid() != -1 && proxy.iid() != request.iid()) {
                continue;
            }
            List<StatRow> rows = new ArrayList<>();
            for (StatRow row : proxy.rows()) {
                if (wanted(row, request)) {
                    rows.add(request.legends() ? withLegends(row, registry) : row);
                }
            }
            proxies.add(new ProxyStats(proxy.name(), proxy.iid(), proxy.hasBackend(), rows));
        }
        return switch (format) {
            case CSV -> CsvWriter.write(proxies);
            case TYPED -> JsonWriter.typed(proxies);
            case JSON -> JsonWriter.json(proxies);
        };
    }

    private static boolean wanted(StatRow row, Request request) {
        int bit = switch (row.kind()) {
            case FRONTEND -> FRONTENDS;
            case BACKEND -> BACKENDS;
            case SERVER -> SERVERS;
        };
        if ((request.types() & bit) == 0) {
            return false;
        }
        return row.kind() != RowKind.SERVER || request.sid() == -1 || row.number(StatField.SID) == request.sid();
    }

    /** HAProxy's "legends": the server's address as configured, the backend's algorithm. */
    private static StatRow withLegends(StatRow row, Registry registry) {
        Optional<Backend> backend = registry.backend(row.proxy());
        if (backend.isEmpty()) {
            return row;
        }
        if (row.kind() == RowKind.SERVER) {
            backend.get().server(row.name()).map(Server::config)
                    .ifPresent(s -> row.set(StatField.ADDR, address(s)));
        } else if (row.kind() == RowKind.BACKEND) {
            Algorithm algorithm = backend.get().config().balance();
            // HAProxy 2.6 has no name for random in this column.
            row.set(StatField.ALGO, algorithm == Algorithm.RANDOM ? "unknown" : algorithm.keyword());
        }
        return row;
    }

    private static String address(ServerConfig s) {
        return (s.host().indexOf(':') >= 0 ? "[" + s.host() + "]" : s.host()) + ":" + s.port();
    }
}
