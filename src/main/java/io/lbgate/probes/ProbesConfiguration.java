package io.lbgate.probes;

import io.lbgate.dataplane.DataPlane;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's health components. Actuator names a contributor after its bean, less the
 * {@code HealthIndicator}/{@code HealthContributor} suffix: {@code serving} (in the readiness
 * group, see application.yml) and {@code backends}, one component per backend
 * ({@code /actuator/health/backends/<name>}).
 */
@Configuration(proxyBeanMethods = false)
class ProbesConfiguration {

    @Bean
    HealthIndicator servingHealthIndicator(DataPlane dataPlane) {
        return new ServingHealth(dataPlane);
    }

    @Bean
    HealthContributor backendsHealthContributor(Registry registry) {
        Map<String, HealthContributor> backends = new LinkedHashMap<>();
        for (Backend backend : registry.backends()) {
            backends.put(backend.name(), new BackendHealth(backend));
        }
        return CompositeHealthContributor.fromMap(backends);
    }
}
