package io.lbgate.control;

import org.springframework.http.HttpHeaders;

import java.net.URI;
import java.util.Locale;

/**
 * Tells a browser's cross-site POST from a same-page one without a token, so that scripts posting
 * to the admin form with Basic credentials (and no browser headers) keep working as with HAProxy.
 * A browser always says where a POST comes from: {@code Sec-Fetch-Site} in current browsers,
 * {@code Origin} on every cross-origin POST, {@code Referer} in older ones. Only a browser too old
 * for {@code Sec-Fetch-Site} is judged by the other two. Any of them naming
 * another origin than the {@code Host} asked for refuses the request; none at all means a script.
 */
public final class CrossSiteGuard {
    private CrossSiteGuard() {
    }

    public static boolean isCrossSite(HttpHeaders headers) {
        return reason(headers) != null;
    }

    /** Why the request counts as cross-site (for the audit log), or {@code null} when it does not. */
    public static String reason(HttpHeaders headers) {
        // A browser sets Sec-Fetch-Site itself (no page can forge it), and it is the one signal
        // that survives a "no-referrer" policy, under which Chromium posts "Origin: null".
        String fetchSite = headers.getFirst("Sec-Fetch-Site");
        if (fetchSite != null) {
            return fetchSite.equals("same-origin") || fetchSite.equals("none") ? null : "Sec-Fetch-Site: " + fetchSite;
        }
        String host = headers.getFirst(HttpHeaders.HOST);
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        if (origin != null) {
            return sameAuthority(origin, host) ? null : "Origin " + origin + " for Host " + host;
        }
        String referer = headers.getFirst(HttpHeaders.REFERER);
        if (referer != null) {
            return sameAuthority(referer, host) ? null : "Referer " + referer + " for Host " + host;
        }
        return null;
    }

    private static boolean sameAuthority(String url, String host) {
        if (host == null || url.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String authority = uri.getHost() + ":" + port;
            String expected = host.contains(":") && !host.endsWith("]") ? host : host + ":80";
            return authority.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
