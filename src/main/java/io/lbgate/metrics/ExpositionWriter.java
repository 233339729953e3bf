package io.lbgate.metrics;

import io.lbgate.stats.StatsLines.Kind;
import io.lbgate.stats.StatsLines.Line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the Prometheus text format (0.0.4) as HAProxy 2.6's exporter does: families in
 * {@link Family} order, each with its {@code # HELP} and {@code # TYPE} lines and then its samples,
 * proxies in configuration order; a family without a sample is left out. As HAProxy, the
 * responses per class are grouped by class, not by proxy.
 */
final class ExpositionWriter {
    private static final String[] CODE_FIELDS = {"hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other"};

    private final List<Line> frontends = new ArrayList<>();
    private final List<Line> backends = new ArrayList<>();
    private final List<Line> servers = new ArrayList<>();
    private final Map<String, List<Line>> serversByBackend = new LinkedHashMap<>();
    private final ProcessFacts process;

    private ExpositionWriter(List<Line> lines, ProcessFacts process) {
        this.process = process;
        for (Line line : lines) {
            switch (line.kind()) {
                case FRONTEND -> frontends.add(line);
                case BACKEND -> backends.add(line);
                case SERVER -> {
                    servers.add(line);
                    serversByBackend.computeIfAbsent(line.proxy(), p -> new ArrayList<>()).add(line);
                }
            }
        }
    }

    /** One series' value: {@code server} is {@code null} outside server families, {@code label} when there is no third label. */
    record Sample(Family family, String proxy, String server, String label, String labelValue, String value) {
    }

    static String write(List<Line> lines, ProcessFacts process) {
        StringBuilder out = new StringBuilder(32 * 1024);
        for (List<Sample> family : samples(lines, process)) {
            Family f = family.get(0).family();
            out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type.word).append('\n');
            for (Sample s : family) {
                format(out, s);
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Every family that has samples, in order, each as its samples in order. */
    static List<List<Sample>> samples(List<Line> lines, ProcessFacts process) {
        ExpositionWriter writer = new ExpositionWriter(lines, process);
        List<List<Sample>> families = new ArrayList<>();
        for (Family family : Family.values()) {
            List<Sample> samples = writer.family(family);
            if (!samples.isEmpty()) {
                families.add(samples);
            }
        }
        return families;
    }

    private List<Sample> family(Family f) {
        List<Sample> samples = new ArrayList<>();
        if (f.scope == Family.Scope.PROCESS) {
            String value = processValue(f);
            if (value != null) {
                samples.add(new Sample(f, null, null, null, null, value));
            }
        } else if (f.shape == Family.Shape.RESPONSES) {
            // HAProxy walks every proxy (or server) once per response class.
            for (int c = 0; c < CODE_FIELDS.length; c++) {
                for (Line row : rows(f.scope)) {
                    if (isHttp(row)) {
                        samples.add(sample(f, row, "code", States.CODES.get(c), value(row, CODE_FIELDS[c])));
                    }
                }
            }
        } else {
            for (Line row : rows(f.scope)) {
                rowSamples(f, row, samples);
            }
        }
        return samples;
    }

    private List<Line> rows(Family.Scope scope) {
        return switch (scope) {
            case FRONTEND -> frontends;
            case BACKEND -> backends;
            case SERVER -> servers;
            case PROCESS -> List.of();
        };
    }

    private void rowSamples(Family f, Line row, List<Sample> samples) {
        switch (f.shape) {
            case VALUE -> samples.add(sample(f, row, null, null, value(row, f.field)));
            case HTTP_VALUE -> {
                if (isHttp(row)) {
                    samples.add(sample(f, row, null, null, value(row, f.field)));
                }
            }
            case PROXY_STATUS -> perState(f, row, States.PROXY, States.proxy(row.field("status")), samples);
            case SERVER_STATUS -> perState(f, row, States.SERVER, States.server(row.field("status")), samples);
            case CHECK_STATUS -> {
                String status = row.field("check_status");
                if (status != null) {
                    perState(f, row, States.CHECK, States.check(status), samples);
                }
            }
            case CHECK_CODE -> {
                if (row.field("check_status") != null) {
                    String code = row.field("check_code");
                    samples.add(sample(f, row, null, null, code == null ? "0" : code));
                }
            }
            case CHECK_DURATION -> {
                if (row.field("check_status") != null) {
                    String ms = row.field("check_duration");
                    samples.add(sample(f, row, null, null, seconds(ms == null ? 0 : Long.parseLong(ms))));
                }
            }
            case AGG_SERVER_STATUS -> aggregate(f, row, States.SERVER, false, samples);
            case AGG_CHECK_STATUS -> aggregate(f, row, States.CHECK, true, samples);
            case PROCESS, RESPONSES -> throw new IllegalStateException(f.name);
        }
    }

    private static void perState(Family f, Line row, List<String> states, String current, List<Sample> samples) {
        for (String state : states) {
            samples.add(sample(f, row, "state", state, state.equals(current) ? "1" : "0"));
        }
    }

    /**
     * A backend's servers counted per state (server status, or last check of the checked ones).
     * A backend without servers (a stats listener's, for one) has no aggregate: HAProxy 2.6.12
     * writes none for it, not a row of zeros.
     */
    private void aggregate(Family f, Line backend, List<String> states, boolean checks, List<Sample> samples) {
        List<Line> servers = serversByBackend.getOrDefault(backend.proxy(), List.of());
        if (servers.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Line server : servers) {
            String state;
            if (checks) {
                String check = server.field("check_status");
                if (check == null) {
                    continue;
                }
                state = States.check(check);
            } else {
                state = States.server(server.field("status"));
            }
            counts.merge(state, 1, Integer::sum);
        }
        for (String state : states) {
            samples.add(sample(f, backend, "state", state, Integer.toString(counts.getOrDefault(state, 0))));
        }
    }

    private String processValue(Family f) {
        return switch (f) {
            case PROCESS_NBPROC, PROCESS_RELATIVE_PROCESS_ID -> "1";
            case PROCESS_UPTIME_SECONDS -> Long.toString((process.nowMillis() - process.startMillis()) / 1000);
            case PROCESS_MAX_CONNECTIONS -> process.maxConnections() > 0
                    ? Integer.toString(process.maxConnections()) : null;
            case PROCESS_START_TIME_SECONDS -> Long.toString(process.startMillis() / 1000);
            default -> throw new IllegalStateException(f.name);
        };
    }

    private static boolean isHttp(Line row) {
        return "http".equals(row.field("mode"));
    }

    /** The field as the exporter prints it: the number, or {@code NaN} where the CSV cell is empty. */
    private static String value(Line row, String field) {
        String v = row.field(field);
        return v == null ? "NaN" : v;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%f", millis / 1000.0);
    }

    private static Sample sample(Family f, Line row, String label, String labelValue, String value) {
        return new Sample(f, row.proxy(), row.kind() == Kind.SERVER ? row.server() : null, label, labelValue, value);
    }

    private static void format(StringBuilder out, Sample s) {
        out.append(s.family().name);
        if (s.proxy() != null) {
            out.append("{proxy=\"").append(escape(s.proxy()));
            if (s.server() != null) {
                out.append("\",server=\"").append(escape(s.server()));
            }
            out.append('"');
            if (s.label() != null) {
                out.append(',').append(s.label()).append("=\"").append(s.labelValue()).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(s.value());
    }

    /** Label values escape backslash, double quote and line feed (the text format's rule). */
    private static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
