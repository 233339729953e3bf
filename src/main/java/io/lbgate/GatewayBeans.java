package io.lbgate;

import io.lbgate.config.LoadedConfig;
import io.lbgate.config.properties.LbgateProperties;
import io.lbgate.config.properties.PropertiesConfigConverter;
import io.lbgate.balance.Balancers;
import io.lbgate.registry.Registry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one configuration model and the registry built from it. A haproxy.cfg start registers its
 * {@link LoadedConfig} before the context refreshes (see {@code Launcher}); otherwise the model
 * comes from the {@code lbgate:} properties.
 */
@Configuration(proxyBeanMethods = false)
class GatewayBeans {

    @Bean
    @ConditionalOnMissingBean
    LoadedConfig loadedConfig(LbgateProperties properties) {
        return PropertiesConfigConverter.toLoadedConfig(properties);
    }

    @Bean
    Registry registry(LoadedConfig loaded) {
        return Registry.from(loaded.config(), Balancers::create);
    }
}
