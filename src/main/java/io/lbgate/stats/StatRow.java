package io.lbgate.stats;

import java.util.Arrays;

/**
 * One stats line — a frontend, a server or a backend — as HAProxy's CSV, typed and JSON outputs
 * carry it: one value per {@link StatField}. A field is either absent ({@code null}: not defined
 * for this row, an empty CSV cell, left out of typed/JSON) or present, possibly as an empty string
 * (a checked server's {@code last_chk} after a success: empty in CSV, {@code ""} in JSON).
 */
final class StatRow {
    private final RowKind kind;
    private final String[] values = new String[StatField.values().length];

    StatRow(RowKind kind) {
        this.kind = kind;
    }

    RowKind kind() {
        return kind;
    }

    StatRow set(StatField field, Object value) {
        values[field.ordinal()] = value == null ? null : value.toString();
        return this;
    }

    /** Sets every field in {@code fields} to {@code 0}. */
    StatRow zero(StatField... fields) {
        for (StatField f : fields) {
            values[f.ordinal()] = "0";
        }
        return this;
    }

    /** The value, or {@code null} when absent. */
    String get(StatField field) {
        return values[field.ordinal()];
    }

    /** The value, or {@code ""} when absent: what a CSV cell shows. */
    String text(StatField field) {
        String v = values[field.ordinal()];
        return v == null ? "" : v;
    }

    long number(StatField field) {
        String v = values[field.ordinal()];
        return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
    }

    String proxy() {
        return text(StatField.PXNAME);
    }

    String name() {
        return text(StatField.SVNAME);
    }

    @Override
    public String toString() {
        return kind + " " + proxy() + "/" + name() + " " + Arrays.toString(values);
    }
}
