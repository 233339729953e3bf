package io.lbgate.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The exporter's families on {@code /actuator/prometheus}, next to the JVM's and Netty's meters: one
 * function counter or gauge per series, with HAProxy's names, help and labels. They keep no count
 * of their own: a scrape reads the stats rows once (the same rows as {@code ;csv}, built from the
 * registry's counters) and every meter of that scrape reads its value there, so the data plane
 * pays nothing for them and all values of one scrape belong to one moment.
 *
 * <p>The series are those that exist at start-up: proxies and servers are fixed by the
 * configuration. A server whose checks were not running then (a {@code disabled} one) has no
 * check-status series here, where the {@code /metrics} exposition shows them once its checks run.
 */
final class HaproxyMeters implements MeterBinder {
    /** How long one reading of the rows serves: longer than one scrape takes, shorter than a scrape interval. */
    static final long SNAPSHOT_MILLIS = 1000;

    private final PrometheusExposition exposition;
    private final LongSupplier clock;
    /** The last reading, {@code null} before the first. */
    private Map<String, Double> values;
    private long readAt;

    HaproxyMeters(PrometheusExposition exposition, LongSupplier clockMillis) {
        this.exposition = exposition;
        this.clock = clockMillis;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (List<ExpositionWriter.Sample> family : exposition.samples()) {
            for (ExpositionWriter.Sample sample : family) {
                register(registry, sample);
            }
        }
    }

    private void register(MeterRegistry registry, ExpositionWriter.Sample sample) {
        Family f = sample.family();
        String key = key(sample);
        Tags tags = tags(sample);
        if (f.type == Family.Type.COUNTER) {
            // Micrometer adds the '_total' of the counter's exposed name itself.
            String name = f.name.substring(0, f.name.length() - "_total".length());
            FunctionCounter.builder(name, this, m -> m.value(key)).description(f.help).tags(tags).register(registry);
        } else {
            Gauge.builder(f.name, this, m -> m.value(key)).description(f.help).tags(tags).register(registry);
        }
    }

    private static Tags tags(ExpositionWriter.Sample s) {
        Tags tags = Tags.empty();
        if (s.proxy() != null) {
            tags = tags.and("proxy", s.proxy());
        }
        if (s.server() != null) {
            tags = tags.and("server", s.server());
        }
        if (s.label() != null) {
            tags = tags.and(s.label(), s.labelValue());
        }
        return tags;
    }

    private static String key(ExpositionWriter.Sample s) {
        return s.family().name + '\u0000' + s.proxy() + '\u0000' + s.server() + '\u0000' + s.labelValue();
    }

    /** The series' value in the current reading, NaN when it has none now (checks paused, say). */
    synchronized double value(String key) {
        long now = clock.getAsLong();
        if (values == null || now - readAt >= SNAPSHOT_MILLIS || now < readAt) {
            Map<String, Double> fresh = new HashMap<>();
            for (List<ExpositionWriter.Sample> family : exposition.samples()) {
                for (ExpositionWriter.Sample s : family) {
                    fresh.put(key(s), parse(s.value()));
                }
            }
            values = fresh;
            readAt = now;
        }
        return values.getOrDefault(key, Double.NaN);
    }

    private static double parse(String value) {
        return "NaN".equals(value) ? Double.NaN : Double.parseDouble(value);
    }
}
