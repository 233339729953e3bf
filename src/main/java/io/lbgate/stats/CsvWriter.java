package io.lbgate.stats;

import java.util.List;

/**
 * HAProxy 2.6's {@code ;csv}: a {@code # } header naming every column, one line per row, every line
 * ending in a comma, every row with the header's column count (exporters reject rows that differ).
 * A cell is quoted only when it holds a comma, a quote or a line break, quotes doubled.
 */
final class CsvWriter {
    private CsvWriter() {
    }

    static String write(List<ProxyStats> proxies) {
        StringBuilder sb = new StringBuilder(4096);
        header(sb);
        for (ProxyStats proxy : proxies) {
            for (StatRow row : proxy.rows()) {
                row(sb, row);
            }
        }
        return sb.toString();
    }

    static void header(StringBuilder sb) {
        sb.append("# ");
        for (StatField f : StatField.values()) {
            sb.append(f.csvName()).append(',');
        }
        sb.append('\n');
    }

    static void row(StringBuilder sb, StatRow row) {
        for (StatField f : StatField.values()) {
            cell(sb, row.text(f));
            sb.append(',');
        }
        sb.append('\n');
    }

    private static void cell(StringBuilder sb, String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            sb.append(value);
            return;
        }
        sb.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
