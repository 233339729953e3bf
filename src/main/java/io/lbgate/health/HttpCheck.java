package io.lbgate.health;

import io.lbgate.config.HealthCheckSettings;
import io.lbgate.registry.CheckResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * {@code option httpchk}: the request bytes HAProxy 2.6 puts on the wire and the verdict on the
 * answer's status line.
 *
 * <p>Wire format observed on 2.6.12: {@code OPTIONS / HTTP/1.0\r\n\r\n} by default, no Host and no
 * Connection header; headers hidden after the version ({@code HTTP/1.1\r\nHost:\ www}) go out with
 * lower-cased names, and an HTTP/1.1 request gets {@code connection: close}
 * ({@code GET /h HTTP/1.1\r\nhost: www\r\nconnection: close\r\n\r\n}).
 */
final class HttpCheck {
    /** Answers longer than this before the end of their headers are not worth reading. */
    static final int MAX_HEAD = 16 * 1024;

    private HttpCheck() {
    }

    static byte[] request(HealthCheckSettings settings) {
        String[] lines = settings.version().split("\r\n");
        String version = lines[0].trim();
        StringBuilder request = new StringBuilder()
                .append(settings.method()).append(' ').append(settings.uri()).append(' ').append(version).append("\r\n");
        boolean connectionHeader = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            connectionHeader |= name.equals("connection");
            request.append(name).append(": ").append(lines[i].substring(colon + 1).trim()).append("\r\n");
        }
        if (!connectionHeader && version.equalsIgnoreCase("HTTP/1.1")) {
            request.append("connection: close\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The verdict once the head is complete or the server closed: {@code L7OK} when the status is
     * expected (any 2xx/3xx when the list is empty), {@code L7STS} with the code and reason phrase
     * otherwise, {@code L7RSP} when the first line is not an HTTP status line.
     */
    static CheckResult verdict(String statusLine, List<Integer> expect, long durationMillis) {
        int code = statusCode(statusLine);
        if (code < 0) {
            return CheckResult.failed("L7RSP", 0, durationMillis, "");
        }
        boolean passed = expect.isEmpty() ? code >= 200 && code < 400 : expect.contains(code);
        if (passed) {
            return CheckResult.passed("L7OK", code, durationMillis);
        }
        return CheckResult.failed("L7STS", code, durationMillis, reason(statusLine));
    }

    /** {@code HTTP/1.x NNN[ reason]} → NNN, or -1 when it is not a status line. */
    static int statusCode(String line) {
        if (!line.startsWith("HTTP/") || line.length() < 12 || line.charAt(8) != ' ') {
            return -1;
        }
        for (int i = 9; i < 12; i++) {
            if (!Character.isDigit(line.charAt(i))) {
                return -1;
            }
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            return -1;
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private static String reason(String line) {
        return line.length() > 13 ? line.substring(13).trim() : "";
    }
}
