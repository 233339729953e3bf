package io.lbgate.config;

import java.util.List;

/**
 * A backend's {@code option httpchk [METHOD] [URI] [VERSION]} and {@code http-check expect status N}.
 * {@code null} in {@link BackendConfig} means plain TCP-connect checks.
 *
 * @param method         HTTP method, {@code OPTIONS} by default
 * @param uri            request URI, {@code /} by default
 * @param version        HTTP version, {@code HTTP/1.0} by default
 * @param expectStatuses statuses that pass; empty means any 2xx or 3xx
 */
public record HealthCheckSettings(String method, String uri, String version, List<Integer> expectStatuses) {
    public static final HealthCheckSettings DEFAULT_HTTP = new HealthCheckSettings("OPTIONS", "/", "HTTP/1.0", List.of());

    public HealthCheckSettings {
        expectStatuses = List.copyOf(expectStatuses);
    }
}
