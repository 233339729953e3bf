package io.lbgate.stats;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What follows the {@code stats uri} in a request: HAProxy looks for each option as a substring
 * anywhere after the prefix, query string included ({@code /haproxyadmin;up;csv},
 * {@code /haproxyadmin?stats;csv}, {@code ;st=DONE}, {@code ?scope=app}).
 *
 * @param rest the raw request target after the stats uri
 */
record StatsOptions(String rest, boolean hideDown, boolean hideMaint, boolean noRefresh, Format format,
                    String status, String scope) {

    enum Format { HTML, CSV, JSON, TYPED, EVENTS }

    /** HAProxy keeps at most 20 characters of a scope. */
    static final int MAX_SCOPE = 20;

    static StatsOptions parse(String rest) {
        Format format = Format.HTML;
        if (rest.contains(";csv")) {
            format = Format.CSV;
        } else if (rest.contains(";json")) {
            format = Format.JSON;
        } else if (rest.contains(";typed")) {
            format = Format.TYPED;
        } else if (rest.contains(";events")) {
            format = Format.EVENTS;
        }
        return new StatsOptions(rest, rest.contains(";up"), rest.contains(";no-maint"), rest.contains(";norefresh"),
                format, value(rest, ";st=", 4), scope(rest));
    }

    boolean inScope(String proxy) {
        return scope == null || scope.isEmpty()
                || proxy.toLowerCase(Locale.ROOT).contains(scope.toLowerCase(Locale.ROOT));
    }

    /** The options a redirect or a link keeps: {@code ;up}, {@code ;norefresh}, the scope. */
    String keptSuffix() {
        StringBuilder sb = new StringBuilder();
        if (hideDown) {
            sb.append(";up");
        }
        if (hideMaint) {
            sb.append(";no-maint");
        }
        if (noRefresh) {
            sb.append(";norefresh");
        }
        if (scope != null && !scope.isEmpty()) {
            // Only characters that need no encoding: the scope goes back into a Location header.
            sb.append("?scope=").append(scope.replaceAll("[^A-Za-z0-9_.~-]", ""));
        }
        return sb.toString();
    }

    private static String value(String rest, String key, int maxLength) {
        int i = rest.indexOf(key);
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        int end = start;
        while (end < rest.length() && end - start < maxLength && Character.isLetterOrDigit(rest.charAt(end))) {
            end++;
        }
        return rest.substring(start, end);
    }

    private static String scope(String rest) {
        int i = rest.indexOf("scope=");
        if (i < 0) {
            return null;
        }
        int start = i + "scope=".length();
        int end = start;
        while (end < rest.length() && rest.charAt(end) != '&' && rest.charAt(end) != ';') {
            end++;
        }
        String raw = URLDecoder.decode(rest.substring(start, end), StandardCharsets.UTF_8);
        return raw.length() > MAX_SCOPE ? raw.substring(0, MAX_SCOPE) : raw;
    }
}
