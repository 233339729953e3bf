package io.lbgate.metrics;

import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.lbgate.stats.StatsLines;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy 2.6's built-in Prometheus exporter ({@code http-request use-service prometheus-exporter}):
 * the text a scrape gets, written from the same stats rows as {@code ;csv}, so that both always
 * agree. It only reads the registry's lock-free counters; on the exporter frontend it is written on
 * the scraping connection's event loop, as HAProxy writes it in its own thread.
 */
public final class PrometheusExposition {
    /** What HAProxy 2.6 answers with. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private final Registry registry;
    private final GatewayConfig config;
    private final Clock clock;
    private final long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

    private PrometheusExposition(Registry registry, GatewayConfig config, Clock clock) {
        this.registry = registry;
        this.config = config;
        this.clock = clock;
    }

    public static PrometheusExposition of(Registry registry, GatewayConfig config) {
        return new PrometheusExposition(registry, config, Clock.systemUTC());
    }

    /**
     * For the data plane, which has the registry and the global {@code maxconn} but not the
     * configuration record: the stats rows need only the proxies' configurations (the registry
     * holds them) and that limit. A stats listener's rows need its maxconn and its backend, for
     * the backend's default {@code fullconn} ({@code haproxy_backend_limit_sessions}); the
     * registry's FRONTEND configuration of each listener carries both, so the listeners are
     * listed with the frontends here — as a {@code listen} section is — and are counted once.
     */
    public static PrometheusExposition of(Registry registry, int globalMaxconn) {
        List<FrontendConfig> frontends = new ArrayList<>();
        registry.frontends().forEach(f -> frontends.add(f.config()));
        registry.statsFrontends().forEach(f -> frontends.add(f.config()));
        GatewayConfig config = new GatewayConfig(new GlobalSettings(globalMaxconn, List.of()), frontends,
                registry.backends().stream().map(Backend::config).toList(), List.of());
        return of(registry, config);
    }

    /** The whole exposition at this moment. */
    public String write() {
        return ExpositionWriter.write(StatsLines.of(registry, config, clock), processFacts());
    }

    /** Every family's samples at this moment, for the Micrometer binder. */
    List<List<ExpositionWriter.Sample>> samples() {
        return ExpositionWriter.samples(StatsLines.of(registry, config, clock), processFacts());
    }

    private ProcessFacts processFacts() {
        return new ProcessFacts(startMillis, clock.millis(), config.global().maxconn());
    }
}
