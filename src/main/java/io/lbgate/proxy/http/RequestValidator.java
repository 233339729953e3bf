package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;
import java.util.Locale;

/**
 * The checks a request head must pass before any of it may reach a server: what HAProxy 2.6 refuses
 * is refused here, so that a server behind lbgate never has to guess where one request ends and the
 * next begins (docs/haproxy-behaviour.md, "Hostile input", lists every case and HAProxy's answer).
 *
 * <p>Two stages. {@link #startLine} reads the raw request line, because Netty's decoder normalises
 * it (it skips leading control bytes, trims trailing blanks, upper-cases the version) before anyone
 * can see what the client sent. {@link #head} checks the decoded head: the framing headers
 * ({@code Transfer-Encoding}, {@code Content-Length}), {@code Host} against itself and against an
 * absolute-form target, and the number of header lines.
 */
final class RequestValidator {
    /** HAProxy's {@code tune.http.maxhdr} default: 101 lines counting the request line. */
    static final int MAX_HEADER_LINES = 100;

    private RequestValidator() {
    }

    /** The first byte of a request (after blank lines) must start a method name. */
    static boolean canStartRequest(byte b) {
        return isTokenChar(b);
    }

    /**
     * Checks the request line in {@code buf} from {@code from} (its first byte, blank lines already
     * skipped) to {@code lf} (the index of its line feed).
     *
     * @return why the line is refused, or {@code null} when it is a valid HTTP/1.x request line
     */
    static String startLine(ByteBuf buf, int from, int lf) {
        int end = lf;
        if (end > from && buf.getByte(end - 1) == '\r') {
            end--;
        }
        int i = from;
        while (i < end && isTokenChar(buf.getByte(i))) {
            i++;
        }
        if (i == from || i == end || !isBlank(buf.getByte(i))) {
            return "invalid method";
        }
        boolean pri = i - from == 3 && buf.getByte(from) == 'P' && buf.getByte(from + 1) == 'R'
                && buf.getByte(from + 2) == 'I';
        if (pri) {
            // The HTTP/2 connection preface: lbgate speaks HTTP/1.1 only, and HAProxy refuses the
            // method on an HTTP/1 connection too.
            return "PRI method";
        }
        i = skipBlanks(buf, i, end);
        int targetStart = i;
        while (i < end && isTargetChar(buf.getByte(i))) {
            i++;
        }
        if (i == targetStart || i == end || !isBlank(buf.getByte(i))) {
            return "invalid request target";
        }
        i = skipBlanks(buf, i, end);
        if (end - i != 8 || buf.getByte(i) != 'H' || buf.getByte(i + 1) != 'T' || buf.getByte(i + 2) != 'T'
                || buf.getByte(i + 3) != 'P' || buf.getByte(i + 4) != '/' || !isDigit(buf.getByte(i + 5))
                || buf.getByte(i + 6) != '.' || !isDigit(buf.getByte(i + 7))) {
            return "invalid HTTP version";
        }
        if (buf.getByte(i + 5) == '0') {
            // HTTP/0.x: HAProxy passes "HTTP/0.9" on unchanged; no HTTP/1 server expects it.
            return "HTTP/0.x version";
        }
        return null;
    }

    /**
     * The version a request is forwarded with: HTTP/1.0 stays, any later version (1.2, 2.0, 3.0 on
     * an HTTP/1 connection) is spoken as HTTP/1.1, which is what HAProxy sends the server.
     */
    static HttpVersion forwardedVersion(HttpVersion version) {
        if (version.majorVersion() == 1 && version.minorVersion() == 0) {
            return HttpVersion.HTTP_1_0;
        }
        return HttpVersion.HTTP_1_1;
    }

    /** @return why the decoded head is refused, or {@code null} when it may be forwarded */
    static RefusedRequest head(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (headers.size() > MAX_HEADER_LINES) {
            return RefusedRequest.badRequest("more than " + MAX_HEADER_LINES + " header lines");
        }
        // contains() first: most requests have neither header, and getAll() allocates a list.
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            RefusedRequest framing = TransferCoding.check(headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
            if (framing != null) {
                return framing;
            }
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                && !validContentLength(headers.getAll(HttpHeaderNames.CONTENT_LENGTH))) {
            return RefusedRequest.badRequest("invalid Content-Length");
        }
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        for (int i = 1; i < hosts.size(); i++) {
            if (!hosts.get(i).trim().equalsIgnoreCase(hosts.get(0).trim())) {
                return RefusedRequest.badRequest("several different Host headers");
            }
        }
        return target(request, hosts.isEmpty() ? null : hosts.get(0).trim());
    }

    /**
     * An absolute-form target ({@code GET http://a/ HTTP/1.1}) must name the same authority as
     * {@code Host}, compared without case, user information or the scheme's default port; an
     * authority-form target belongs to CONNECT only.
     */
    private static RefusedRequest target(HttpRequest request, String host) {
        String uri = request.uri();
        if (uri.startsWith("/") || uri.equals("*") || HttpMethod.CONNECT.equals(request.method())) {
            return null;
        }
        int scheme = uri.indexOf("://");
        if (scheme <= 0) {
            return RefusedRequest.badRequest("authority-form target outside CONNECT");
        }
        if (host == null) {
            return null;
        }
        String schemeName = uri.substring(0, scheme).toLowerCase(Locale.ROOT);
        int slash = uri.indexOf('/', scheme + 3);
        String authority = uri.substring(scheme + 3, slash < 0 ? uri.length() : slash);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (!withoutDefaultPort(schemeName, authority).equalsIgnoreCase(withoutDefaultPort(schemeName, host))) {
            return RefusedRequest.badRequest("absolute target and Host differ");
        }
        return null;
    }

    private static String withoutDefaultPort(String scheme, String authority) {
        String port = switch (scheme) {
            case "http" -> ":80";
            case "https" -> ":443";
            default -> null;
        };
        return port != null && authority.endsWith(port)
                ? authority.substring(0, authority.length() - port.length())
                : authority;
    }

    /** Every element of every Content-Length header is a decimal number, and they all agree. */
    private static boolean validContentLength(List<String> values) {
        long seen = -1;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                long length = decimal(element.trim());
                if (length < 0 || (seen >= 0 && length != seen)) {
                    return false;
                }
                seen = length;
            }
        }
        return true;
    }

    private static long decimal(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int skipBlanks(ByteBuf buf, int i, int end) {
        while (i < end && isBlank(buf.getByte(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Visible ASCII except the fragment mark: what HAProxy lets through in a request target. */
    private static boolean isTargetChar(byte b) {
        return b > 0x20 && b < 0x7f && b != '#';
    }

    /** RFC 9110 tchar. */
    static boolean isTokenChar(byte b) {
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || isDigit(b)) {
            return true;
        }
        return b > 0 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }
}
