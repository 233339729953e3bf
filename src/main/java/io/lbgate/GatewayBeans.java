package io.lbgate;

import io.lbgate.config.LoadedConfig;
import io.lbgate.config.properties.LbgateProperties;
import io.lbgate.config.properties.PropertiesConfigConverter;
import io.lbgate.balance.Balancers;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.health.HealthChecks;
import io.lbgate.registry.Registry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one configuration model, the registry built from it, and the data plane and health checks on
 * it. A haproxy.cfg start builds and starts all of them before the context, and registers them
 * before it refreshes ({@code lifecycle.DataPlaneStart}), so these methods stand back; otherwise the
 * model comes from the {@code lbgate:} properties and the context's lifecycle starts them.
 */
@Configuration(proxyBeanMethods = false)
class GatewayBeans {

    @Bean
    @ConditionalOnMissingBean
    LoadedConfig loadedConfig(LbgateProperties properties) {
        return PropertiesConfigConverter.toLoadedConfig(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    Registry registry(LoadedConfig loaded) {
        return Registry.from(loaded.config(), Balancers::create);
    }

    @Bean
    @ConditionalOnMissingBean
    HealthChecks healthChecks(Registry registry) {
        return new HealthChecks(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    DataPlane dataPlane(Registry registry, LoadedConfig loaded) {
        return new DataPlane(registry, loaded);
    }
}
