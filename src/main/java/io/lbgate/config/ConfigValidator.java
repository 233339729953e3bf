package io.lbgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The semantic checks both configuration sources share: references that must resolve and names
 * that must be unique. Each source runs it after building the model and supplies a locator that
 * turns a {@link ConfigElement} into its own notion of a location.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    /**
     * Checks the model and returns every problem found, in declaration order.
     *
     * @param locate where an element was written; may return {@code null} when unknown
     */
    public static List<ConfigProblem> validate(GatewayConfig config, Function<ConfigElement, String> locate) {
        List<ConfigProblem> problems = new ArrayList<>();
        checkUniqueNames(config, locate, problems);
        for (FrontendConfig frontend : config.frontends()) {
            checkFrontend(config, frontend, locate, problems);
        }
        for (BackendConfig backend : config.backends()) {
            checkServers(backend, locate, problems);
        }
        return problems;
    }

    private static void checkUniqueNames(GatewayConfig config, Function<ConfigElement, String> locate,
            List<ConfigProblem> problems) {
        Set<String> seen = new HashSet<>();
        for (FrontendConfig f : config.frontends()) {
            if (!seen.add(f.name())) {
                problems.add(ConfigProblem.alert(locate.apply(ConfigElement.frontend(f.name())),
                        "frontend '" + f.name() + "' has the same name as another frontend."));
            }
        }
        seen.clear();
        for (BackendConfig b : config.backends()) {
            if (!seen.add(b.name())) {
                problems.add(ConfigProblem.alert(locate.apply(ConfigElement.backend(b.name())),
                        "backend '" + b.name() + "' has the same name as another backend."));
            }
        }
        // A stats listener is a proxy of its own (a frontend and a backend): no other proxy may share its name.
        Set<String> taken = new HashSet<>(seen);
        config.frontends().forEach(f -> taken.add(f.name()));
        for (StatsConfig s : config.statsListeners()) {
            if (!taken.add(s.name())) {
                problems.add(ConfigProblem.alert(locate.apply(ConfigElement.stats(s.name())),
                        "proxy '" + s.name() + "' has the same name as another proxy."));
            }
        }
    }

    private static void checkFrontend(GatewayConfig config, FrontendConfig frontend,
            Function<ConfigElement, String> locate, List<ConfigProblem> problems) {
        if (frontend.binds().isEmpty()) {
            problems.add(ConfigProblem.alert(locate.apply(ConfigElement.frontend(frontend.name())),
                    "Proxy '" + frontend.name() + "' has no 'bind' directive."));
        }
        if (frontend.defaultBackend() == null) {
            return;
        }
        Optional<BackendConfig> backend = config.backend(frontend.defaultBackend());
        if (backend.isEmpty()) {
            problems.add(ConfigProblem.alert(locate.apply(ConfigElement.defaultBackend(frontend.name())),
                    "Proxy '" + frontend.name() + "': unable to find required default_backend: '"
                            + frontend.defaultBackend() + "'."));
            return;
        }
        if (frontend.mode() == ProxyMode.HTTP && backend.get().mode() == ProxyMode.TCP) {
            // HAProxy 2.6.12, observed: the message carries both locations and no prefix of its own.
            problems.add(ConfigProblem.alert(null, "http frontend '" + frontend.name() + "' ("
                    + locate.apply(ConfigElement.frontend(frontend.name())) + ") tries to use incompatible tcp backend '"
                    + backend.get().name() + "' (" + locate.apply(ConfigElement.backend(backend.get().name()))
                    + ") as its default backend (see 'mode')."));
        }
        if (frontend.mode() == ProxyMode.TCP && backend.get().mode() == ProxyMode.HTTP) {
            problems.add(ConfigProblem.alert(locate.apply(ConfigElement.defaultBackend(frontend.name())),
                    "Proxy '" + frontend.name() + "': unable to use proxy '" + backend.get().name()
                            + "' with wrong mode, required: tcp, has: http."));
        }
    }

    private static void checkServers(BackendConfig backend, Function<ConfigElement, String> locate,
            List<ConfigProblem> problems) {
        Set<String> names = new HashSet<>();
        for (ServerConfig server : backend.servers()) {
            String where = locate.apply(ConfigElement.server(backend.name(), server.name()));
            if (!names.add(server.name())) {
                problems.add(ConfigProblem.alert(where, "'server " + backend.name() + "/" + server.name()
                        + "' : a server with the same name already exists in backend '" + backend.name() + "'."));
            }
            checkResolvable(backend, server, server.host(), where, problems);
            if (server.checkAddr() != null) {
                checkResolvable(backend, server, server.checkAddr(), where, problems);
            }
        }
    }

    private static void checkResolvable(BackendConfig backend, ServerConfig server, String host, String where,
            List<ConfigProblem> problems) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            problems.add(ConfigProblem.alert(where, "'server " + backend.name() + "/" + server.name()
                    + "' : could not resolve address '" + host + "'."));
        }
    }
}
