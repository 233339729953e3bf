package io.lbgate.stats;

import io.lbgate.config.GatewayConfig;
import io.lbgate.registry.Registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stats rows for readers outside this package (the Prometheus exposition, the Micrometer
 * binder): the same rows, built by the same code, as {@code ;csv} shows, so that a metric and its
 * CSV cell never disagree. Fields are named as the CSV header names them ({@code scur},
 * {@code hrsp_2xx}, {@code check_status}); a field the CSV leaves empty for a row is absent.
 */
public final class StatsLines {
    /** What a row describes, as the CSV's {@code type} column says. */
    public enum Kind { FRONTEND, BACKEND, SERVER }

    /**
     * One row.
     *
     * @param proxy  the frontend's or backend's name ({@code pxname})
     * @param server the server's name; {@code FRONTEND} or {@code BACKEND} for those rows ({@code svname})
     */
    public record Line(Kind kind, String proxy, String server, Map<String, String> fields) {
        public Line {
            fields = Collections.unmodifiableMap(fields);
        }

        /** The field's value, or {@code null} when the CSV leaves it empty for this row. */
        public String field(String csvName) {
            return fields.get(csvName);
        }
    }

    private static final StatsOptions EVERYTHING = StatsOptions.parse("");

    private StatsLines() {
    }

    /** Every row, proxies in configuration order, each proxy's frontend, servers, then backend. */
    public static List<Line> of(Registry registry, GatewayConfig config, Clock clock) {
        List<Line> lines = new ArrayList<>();
        for (ProxyStats proxy : StatsSnapshot.of(registry, config, EVERYTHING, clock)) {
            for (StatRow row : proxy.rows()) {
                lines.add(line(row));
            }
        }
        return lines;
    }

    private static Line line(StatRow row) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (StatField f : StatField.values()) {
            String value = row.get(f);
            if (value != null && !value.isEmpty() && !f.isSeparator()) {
                fields.put(f.csvName(), value);
            }
        }
        Kind kind = switch (row.kind()) {
            case FRONTEND -> Kind.FRONTEND;
            case BACKEND -> Kind.BACKEND;
            case SERVER -> Kind.SERVER;
        };
        return new Line(kind, row.proxy(), row.name(), fields);
    }
}
