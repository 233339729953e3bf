package io.lbgate.stats;

import java.util.List;
import java.util.Map;

/**
 * HAProxy 2.6's typed exports of the same rows as the CSV: {@code ;json} (an array per row of
 * field records with tags and typed values) and {@code ;typed} (one
 * {@code F.<iid>.<sid>.<pos>.<name>.1:<tags>:<type>:<value>} line per field). Absent fields are left
 * out, as HAProxy does.
 */
final class JsonWriter {
    private static final Map<Character, String> ORIGIN = Map.of(
            'M', "Metric", 'S', "Status", 'K', "Key", 'C', "Config", 'P', "Product");
    private static final Map<Character, String> NATURE = Map.ofEntries(
            Map.entry('A', "Age"), Map.entry('a', "Avg"), Map.entry('C', "Counter"), Map.entry('D', "Duration"),
            Map.entry('G', "Gauge"), Map.entry('L', "Limit"), Map.entry('M', "Max"), Map.entry('m', "Min"),
            Map.entry('N', "Name"), Map.entry('O', "Output"), Map.entry('R', "Rate"), Map.entry('T', "Time"));
    private static final Map<Character, String> SCOPE = Map.of(
            'C', "Cluster", 'P', "Process", 'S', "Service", 's', "System");

    private JsonWriter() {
    }

    static String json(List<ProxyStats> proxies) {
        StringBuilder sb = new StringBuilder(16384).append('[');
        boolean firstRow = true;
        for (ProxyStats proxy : proxies) {
            for (StatRow row : proxy.rows()) {
                if (!firstRow) {
                    sb.append(',');
                }
                firstRow = false;
                row(sb, row);
            }
        }
        return sb.append(']').toString();
    }

    private static void row(StringBuilder sb, StatRow row) {
        sb.append('[');
        boolean first = true;
        for (StatField f : StatField.values()) {
            String value = row.get(f);
            if (value == null || f.isSeparator()) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            String tags = f.tags(row.kind());
            sb.append("{\"objType\":\"").append(row.kind().objType()).append("\",\"proxyId\":")
                    .append(row.text(StatField.IID)).append(",\"id\":").append(row.text(StatField.SID))
                    .append(",\"field\":{\"pos\":").append(f.position()).append(",\"name\":\"")
                    .append(f.csvName()).append("\"},\"processNum\":1,\"tags\":{\"origin\":\"")
                    .append(ORIGIN.get(tags.charAt(0))).append("\",\"nature\":\"")
                    .append(NATURE.get(tags.charAt(1))).append("\",\"scope\":\"")
                    .append(SCOPE.get(tags.charAt(2))).append("\"},\"value\":{\"type\":\"")
                    .append(f.type()).append("\",\"value\":");
            if (f.type().equals("str")) {
                Json.quote(sb, value);
            } else {
                sb.append(value);
            }
            sb.append("}}");
        }
        sb.append(']');
    }

    static String typed(List<ProxyStats> proxies) {
        StringBuilder sb = new StringBuilder(16384);
        for (ProxyStats proxy : proxies) {
            for (StatRow row : proxy.rows()) {
                for (StatField f : StatField.values()) {
                    String value = row.get(f);
                    if (value == null || f.isSeparator()) {
                        continue;
                    }
                    sb.append(row.kind().letter()).append('.').append(row.text(StatField.IID)).append('.')
                            .append(row.text(StatField.SID)).append('.').append(f.position()).append('.')
                            .append(f.csvName()).append(".1:").append(f.tags(row.kind())).append(':')
                            .append(f.type()).append(':').append(value).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
