package io.lbgate.config.properties;

import io.lbgate.config.ConfigElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a {@link ConfigElement} into the property path it was written at, for
 * {@link io.lbgate.config.ConfigValidator}.
 *
 * <p>An element names its proxy and server, not their position, so a repeated name is ambiguous.
 * A repeated frontend or backend is only reported for its later occurrences, hence the last index.
 * Servers are located once each, in declaration order, so the n-th request for a name is its n-th
 * occurrence: that is how a duplicate server points at its own line and not at the first one.
 */
final class PropertyPathLocator implements Function<ConfigElement, String> {

    private final Map<String, Integer> frontends = new HashMap<>();
    private final Map<String, Integer> backends = new HashMap<>();
    private final Map<String, List<String>> servers = new HashMap<>();
    private final Map<String, Integer> serversLocated = new HashMap<>();

    PropertyPathLocator(LbgateProperties properties) {
        for (int i = 0; i < properties.frontends().size(); i++) {
            frontends.put(properties.frontends().get(i).name(), i);
        }
        for (int i = 0; i < properties.backends().size(); i++) {
            BackendProperties backend = properties.backends().get(i);
            backends.put(backend.name(), i);
            for (int j = 0; j < backend.servers().size(); j++) {
                servers.computeIfAbsent(backend.name() + '/' + backend.servers().get(j).name(),
                        k -> new ArrayList<>()).add(backendPath(i) + ".servers[" + j + "]");
            }
        }
    }

    static String frontendPath(int index) {
        return PropertiesConfigConverter.PREFIX + ".frontends[" + index + "]";
    }

    static String backendPath(int index) {
        return PropertiesConfigConverter.PREFIX + ".backends[" + index + "]";
    }

    @Override
    public String apply(ConfigElement element) {
        return switch (element.kind()) {
            case FRONTEND -> path(frontends.get(element.proxy()), PropertyPathLocator::frontendPath);
            case DEFAULT_BACKEND -> path(frontends.get(element.proxy()), i -> frontendPath(i) + ".default-backend");
            case BACKEND -> path(backends.get(element.proxy()), PropertyPathLocator::backendPath);
            case SERVER -> server(element.proxy(), element.item());
            case STATS -> PropertiesConfigConverter.PREFIX + ".stats";
        };
    }

    private static String path(Integer index, Function<Integer, String> format) {
        return index == null ? null : format.apply(index);
    }

    private String server(String backend, String server) {
        String key = backend + '/' + server;
        List<String> paths = servers.get(key);
        if (paths == null) {
            return null;
        }
        int n = serversLocated.merge(key, 1, Integer::sum) - 1;
        return paths.get(Math.min(n, paths.size() - 1));
    }
}
