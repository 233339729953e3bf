package io.lbgate.config;

import java.util.List;

/**
 * A configuration that loaded, with the warnings found on the way.
 *
 * @param config   the model
 * @param source   what it was read from, for messages ({@code haproxy.cfg} path or {@code application.yml})
 * @param warnings problems that did not stop the load
 */
public record LoadedConfig(GatewayConfig config, String source, List<ConfigProblem> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
