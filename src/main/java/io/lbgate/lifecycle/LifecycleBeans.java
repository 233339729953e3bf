package io.lbgate.lifecycle;

import io.lbgate.config.ConfigSource;
import io.lbgate.config.RunningConfig;

import io.lbgate.config.LoadedConfig;
import io.lbgate.health.HealthChecks;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.registry.Registry;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The server-state file at start and the reload and stop services. A {@code -f} start builds them
 * with its data plane before the context and registers them ({@link DataPlaneStart}), so these
 * methods stand back; without {@code -f} the configuration comes from application.yml.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleBeans {

    @Bean
    @ConditionalOnMissingBean
    ServerStateAtStart serverStateAtStart(LoadedConfig loaded, Registry registry) {
        return new ServerStateAtStart(loaded, registry);
    }

    @Bean
    @ConditionalOnMissingBean
    RunningConfig runningConfig(ObjectProvider<ConfigSource> source, LoadedConfig loaded) {
        return new RunningConfig(source.getIfAvailable(() -> ConfigSource.PROPERTIES), loaded, Clock.systemUTC().instant());
    }

    @Bean
    @ConditionalOnMissingBean
    Reloader reloader(RunningConfig running, Registry registry, DataPlane dataPlane, HealthChecks healthChecks,
            ConfigurableEnvironment environment) {
        Supplier<LoadedConfig> reader = running.source().isProperties()
                ? new PropertiesReader(environment)::read
                : Reloader.files(running.source());
        return new Reloader(reader, running, registry, dataPlane, healthChecks, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    GracefulStop gracefulStop(DataPlane dataPlane, RunningConfig running, ConfigurableApplicationContext context) {
        return new GracefulStop(dataPlane, running::global, () -> {
            SpringApplication.exit(context);
            System.exit(0);
        });
    }
}
