package io.lbgate.config.properties;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code lbgate:} section of application.yml: haproxy.cfg's sections as YAML. Bad values fail
 * at start naming the property ({@code lbgate.backends[0].servers[1].weight}: each record states its
 * rules in {@code checkValues}, {@link PropertiesValidator} runs them while binding); the semantic checks
 * (references, unique names) run in {@link PropertiesConfigConverter}, which makes the same
 * {@code GatewayConfig} as the haproxy.cfg reader.
 *
 * @param global    the 'global' section: process maxconn and syslog targets
 * @param defaults  the 'defaults' section every frontend and backend starts from
 * @param frontends where clients connect, in order
 * @param backends  the server farms, in order
 * @param stats     the stats page listener; none when no key is written
 * @param demo      the embedded demo backends
 */
@ConfigurationProperties("lbgate")
public record LbgateProperties(
        @DefaultValue @NestedConfigurationProperty GlobalProperties global,
        @DefaultValue @NestedConfigurationProperty DefaultsProperties defaults,
        List<FrontendProperties> frontends,
        List<BackendProperties> backends,
        @NestedConfigurationProperty StatsProperties stats,
        @DefaultValue @NestedConfigurationProperty DemoProperties demo) implements Validator {

    private static final Validator VALIDATOR = new PropertiesValidator();

    public LbgateProperties {
        frontends = frontends == null ? List.of() : frontends;
        backends = backends == null ? List.of() : backends;
    }

    void checkValues(PropertyChecks at) {
        at.nested("global", global, GlobalProperties::checkValues);
        at.nested("defaults", defaults, DefaultsProperties::checkValues);
        at.each("frontends", frontends, FrontendProperties::checkValues);
        at.each("backends", backends, BackendProperties::checkValues);
        at.nested("stats", stats, StatsProperties::checkValues);
    }

    /**
     * Spring Boot's binder validates a constructor-bound properties type with itself when the type is
     * a {@link Validator}: that is how {@link PropertiesValidator} runs at start with no Bean
     * Validation on the class path and no bean to register.
     */
    @Override
    public boolean supports(Class<?> type) {
        return VALIDATOR.supports(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        VALIDATOR.validate(target, errors);
    }
}
