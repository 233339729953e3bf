package io.lbgate.config.properties;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code lbgate:} section of application.yml: haproxy.cfg's sections as YAML. Bad values fail
 * at start naming the property ({@code lbgate.backends[0].servers[1].weight}); the semantic checks
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
@Validated
@ConfigurationProperties("lbgate")
public record LbgateProperties(
        @DefaultValue @Valid @NestedConfigurationProperty GlobalProperties global,
        @DefaultValue @Valid @NestedConfigurationProperty DefaultsProperties defaults,
        List<@NotNull @Valid FrontendProperties> frontends,
        List<@NotNull @Valid BackendProperties> backends,
        @Valid @NestedConfigurationProperty StatsProperties stats,
        @DefaultValue @Valid @NestedConfigurationProperty DemoProperties demo) {

    public LbgateProperties {
        frontends = frontends == null ? List.of() : frontends;
        backends = backends == null ? List.of() : backends;
    }
}
