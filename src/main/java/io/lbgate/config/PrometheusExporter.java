package io.lbgate.config;

import java.util.Objects;
import java.util.Set;

/**
 * HAProxy's built-in Prometheus exporter on a frontend: {@code http-request use-service
 * prometheus-exporter if { path /metrics }}. The frontend answers those requests itself with the
 * exposition of every proxy's counters and proxies the others as usual.
 *
 * @param paths the request paths (query string left out, compared exactly, as HAProxy's {@code path}
 *              fetch does) that are served; empty when every request is ({@code use-service} without
 *              a condition)
 */
public record PrometheusExporter(Set<String> paths) {
    /** HAProxy's documented form uses this path. */
    public static final String DEFAULT_PATH = "/metrics";

    public PrometheusExporter {
        paths = Set.copyOf(Objects.requireNonNull(paths, "paths"));
    }

    /** Serves every request of the frontend. */
    public static PrometheusExporter everyRequest() {
        return new PrometheusExporter(Set.of());
    }

    /** Whether a request for {@code path} (without its query string) gets the exposition. */
    public boolean serves(String path) {
        return paths.isEmpty() || paths.contains(path);
    }
}
