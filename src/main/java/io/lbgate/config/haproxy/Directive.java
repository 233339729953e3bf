package io.lbgate.config.haproxy;

import java.util.List;

/**
 * One keyword line handed to its {@link KeywordTable} handler.
 *
 * @param line    where it was written
 * @param keyword the keyword as the table names it ({@code option httpchk}, {@code timeout client})
 * @param args    the words after the keyword
 * @param negated written with a leading {@code no}
 * @param proxy   the section being read; {@code null} in {@code global}
 * @param global  the global settings (always present: proxies resolve {@code log global} later)
 */
record Directive(Line line, String keyword, List<String> args, boolean negated, ProxyDraft proxy,
        GlobalDraft global, Problems problems) {

    /** The argument at {@code index}, or {@code null} when absent. */
    String arg(int index) {
        return index < args.size() ? args.get(index) : null;
    }

    void alert(String message) {
        problems.alert(line, message);
    }

    void warning(String message) {
        problems.warning(line, message);
    }

    /** Parses a non-negative int argument, reporting HAProxy's "expects an integer" otherwise. */
    Integer intArg(int index) {
        String value = arg(index);
        try {
            int n = Integer.parseInt(value == null ? "" : value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        alert("'" + keyword + "' expects an integer argument (got '" + (value == null ? "" : value) + "').");
        return null;
    }
}
