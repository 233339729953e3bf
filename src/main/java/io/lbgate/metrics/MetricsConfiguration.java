package io.lbgate.metrics;

import io.lbgate.config.LoadedConfig;
import io.lbgate.registry.Registry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's meters for {@code /actuator/prometheus}: HAProxy's exporter families and the
 * memory of Netty's buffer allocator, which the data plane allocates from. The JVM's meters come
 * with Spring Boot.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    MeterBinder haproxyMeters(Registry registry, LoadedConfig loaded) {
        return new HaproxyMeters(PrometheusExposition.of(registry, loaded.config()), System::currentTimeMillis);
    }

    @Bean
    MeterBinder nettyAllocatorMeters() {
        return meterRegistry -> {
            if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
                new NettyAllocatorMetrics(allocator).bindTo(meterRegistry);
            }
        };
    }
}
