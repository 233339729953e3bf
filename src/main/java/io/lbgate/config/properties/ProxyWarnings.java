package io.lbgate.config.properties;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.HttpConnectionMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The warnings HAProxy 2.6 gives when it loads a proxy that will work but not as written, worded as
 * HAProxy words them so that an operator recognises them from either source.
 */
final class ProxyWarnings {

    /** A {@code timeout} keyword and where it is in {@link TimeoutProperties}. */
    record TimeoutKey(String keyword, Function<TimeoutProperties, Duration> value) {
    }

    private static final TimeoutKey HTTP_REQUEST = new TimeoutKey("http-request", TimeoutProperties::httpRequest);
    private static final TimeoutKey HTTP_KEEP_ALIVE =
            new TimeoutKey("http-keep-alive", TimeoutProperties::httpKeepAlive);

    static final List<TimeoutKey> FRONTEND_TIMEOUTS = List.of(HTTP_REQUEST,
            new TimeoutKey("client", TimeoutProperties::client), HTTP_KEEP_ALIVE,
            new TimeoutKey("client-fin", TimeoutProperties::clientFin));

    /** The timeouts that mean nothing outside HTTP mode. */
    private static final List<TimeoutKey> HTTP_ONLY_TIMEOUTS = List.of(HTTP_REQUEST, HTTP_KEEP_ALIVE);

    static final List<TimeoutKey> BACKEND_TIMEOUTS = List.of(
            new TimeoutKey("queue", TimeoutProperties::queue),
            new TimeoutKey("connect", TimeoutProperties::connect),
            new TimeoutKey("server", TimeoutProperties::server),
            new TimeoutKey("check", TimeoutProperties::check),
            new TimeoutKey("tunnel", TimeoutProperties::tunnel),
            new TimeoutKey("server-fin", TimeoutProperties::serverFin));

    private final List<ConfigProblem> problems;

    ProxyWarnings(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    /** A proxy's own timeout that the other side of the proxy uses (a frontend's {@code server}). */
    void ignoredTimeouts(String what, String path, TimeoutProperties own,
            List<TimeoutKey> notHere) {
        if (own == null) {
            return;
        }
        ignored(what, path, own, notHere, ": it does not apply there.");
    }

    private void ignored(String what, String path, TimeoutProperties own, List<TimeoutKey> keys, String reason) {
        for (TimeoutKey key : keys) {
            if (key.value().apply(own) != null) {
                problems.add(ConfigProblem.warning(path + ".timeouts." + key.keyword(),
                        "'timeout " + key.keyword() + "' ignored for " + what + reason));
            }
        }
    }

    void missingTimeouts(String what, String path, boolean missing, String... keys) {
        if (missing) {
            problems.add(ConfigProblem.warning(path, "missing timeouts for " + what
                    + ". Please ensure that all following timeouts are set (here or in lbgate.defaults.timeouts): '"
                    + String.join("', '", keys) + "'."));
        }
    }

    void forwardForIgnored(String what, String path) {
        problems.add(ConfigProblem.warning(path,
                "'option forwardfor' ignored for " + what + " as it requires HTTP mode."));
    }

    /**
     * HAProxy 2.6 is silent about these in TCP mode; like the haproxy.cfg reader, say so when the
     * proxy wrote them itself (inherited ones are the defaults' business).
     */
    void httpOnlyInTcp(String what, String path, HttpConnectionMode ownConnectionMode, TimeoutProperties own) {
        if (ownConnectionMode != null) {
            problems.add(ConfigProblem.warning(path + ".connection-mode", "'connection-mode: "
                    + ownConnectionMode.name().toLowerCase(Locale.ROOT).replace('_', '-') + "' ignored for " + what
                    + " as it requires HTTP mode."));
        }
        if (own != null) {
            ignored(what, path, own, HTTP_ONLY_TIMEOUTS, " as it requires HTTP mode.");
        }
    }

    void logFormatWithoutTarget(String what, String path) {
        problems.add(ConfigProblem.warning(path, "log format ignored for " + what + " since it has no log address."));
    }

    void httplogFallback(String what, String path) {
        problems.add(ConfigProblem.warning(path, "'option httplog' not usable with " + what
                + " (needs 'mode http'). Falling back to 'option tcplog'."));
    }
}
