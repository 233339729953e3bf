package io.lbgate.config.properties;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ConfigProblem;
import io.lbgate.config.ConfigValidator;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.PrometheusExporter;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.RuntimeApiSettings;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.StatsSocket;
import io.lbgate.config.StatsUser;
import io.lbgate.config.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes the {@link GatewayConfig} that the {@code lbgate:} section of application.yml describes:
 * the same value the haproxy.cfg reader makes from the equivalent file. Every problem carries the
 * property path it concerns ({@code lbgate.backends[1].servers[2]}).
 *
 * <p>Use {@link #toLoadedConfig(LbgateProperties)} once, at start or reload.
 */
public final class PropertiesConfigConverter {

    /** {@link LoadedConfig#source()} of a configuration made here. */
    public static final String SOURCE = "application.yml";

    static final String PREFIX = "lbgate";

    private final LbgateProperties properties;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final ProxyWarnings warnings = new ProxyWarnings(problems);
    private Inheritance inheritance;

    private PropertiesConfigConverter(LbgateProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * Converts bound properties and runs the checks both configuration sources share. As in
     * haproxy.cfg, those checks only run when every value could be read.
     *
     * @return the model with the warnings found
     * @throws InvalidConfigException when anything is an ALERT; it lists every problem found
     */
    public static LoadedConfig toLoadedConfig(LbgateProperties properties) {
        return new PropertiesConfigConverter(properties).load();
    }

    private LoadedConfig load() {
        GatewayConfig config = convert();
        throwIfAlerts();
        problems.addAll(ConfigValidator.validate(config, new PropertyPathLocator(properties)));
        throwIfAlerts();
        return new LoadedConfig(config, SOURCE, problems);
    }

    private void throwIfAlerts() {
        if (problems.stream().anyMatch(ConfigProblem::isAlert)) {
            throw new InvalidConfigException(problems);
        }
    }

    private GatewayConfig convert() {
        GlobalSettings global = global();
        inheritance = new Inheritance(properties.defaults(), global.logs());
        List<FrontendConfig> frontends = new ArrayList<>();
        for (int i = 0; i < properties.frontends().size(); i++) {
            addIfConverted(frontends, frontend(i));
        }
        List<BackendConfig> backends = new ArrayList<>();
        for (int i = 0; i < properties.backends().size(); i++) {
            addIfConverted(backends, backend(i));
        }
        return new GatewayConfig(global, frontends, backends, stats());
    }

    private GlobalSettings global() {
        GlobalProperties p = properties.global();
        List<LogTarget> logs = new ArrayList<>();
        for (int i = 0; i < p.logs().size(); i++) {
            String path = PREFIX + ".global.logs[" + i + "]";
            LogTargetProperties target = p.logs().get(i);
            addIfConverted(logs, attempt(path, () -> Inheritance.logTarget(target)));
        }
        return new GlobalSettings(p.maxconn(), logs, runtimeApi(p), p.grace(), p.hardStopAfter(), null);
    }

    /** {@code lbgate.stats.socket}, the shorthand, comes first, then {@code lbgate.global.stats-sockets}. */
    private RuntimeApiSettings runtimeApi(GlobalProperties p) {
        List<StatsSocket> sockets = new ArrayList<>();
        StatsProperties stats = properties.stats();
        if (stats != null && stats.socket() != null) {
            addIfConverted(sockets, attempt(PREFIX + ".stats.socket", () -> StatsSocket.unix(stats.socket())));
        }
        for (int i = 0; i < p.statsSockets().size(); i++) {
            StatsSocketProperties s = p.statsSockets().get(i);
            String path = PREFIX + ".global.stats-sockets[" + i + "]";
            addIfConverted(sockets, attempt(path, () -> statsSocket(s, path)));
        }
        return new RuntimeApiSettings(sockets, p.statsTimeout(), p.statsMaxconn());
    }

    private StatsSocket statsSocket(StatsSocketProperties s, String path) {
        int mode = s.mode() == null ? -1 : Integer.parseInt(s.mode(), 8);
        if (s.address().startsWith("/")) {
            return new StatsSocket(s.address(), null, mode, s.level(), s.user(), s.group(), s.exposeFdListeners());
        }
        PropertyAddresses.HostPort hp = PropertyAddresses.bind(s.address());
        return new StatsSocket(null, new BindAddress(hp.host(), hp.port(), false), mode, s.level(), s.user(),
                s.group(), s.exposeFdListeners());
    }

    /**
     * The proxy id (the stats {@code iid}) of the frontend at {@code index}; a backend's index counts
     * after every frontend. application.yml gives no order across frontends and backends, so they
     * are numbered as a haproxy.cfg written in the order of the YAML keys would be: {@code global}
     * first (where a {@code stats socket} makes HAProxy's CLI proxy, which takes id 1), then the
     * frontends, then the backends; the stats listener comes last and takes none of theirs.
     * A haproxy.cfg that interleaves frontends and backends numbers them differently.
     */
    private int proxyId(int index) {
        StatsProperties stats = properties.stats();
        boolean cliProxy = stats != null && stats.socket() != null || !properties.global().statsSockets().isEmpty();
        return index + (cliProxy ? 2 : 1);
    }

    private FrontendConfig frontend(int index) {
        FrontendProperties p = properties.frontends().get(index);
        String path = PropertyPathLocator.frontendPath(index);
        return attempt(path, () -> {
            String what = "frontend '" + p.name() + "'";
            ProxyMode mode = inheritance.mode(p.mode());
            Timeouts timeouts = inheritance.frontendTimeouts(p.timeouts());
            warnings.ignoredTimeouts(what, path, p.timeouts(), ProxyWarnings.BACKEND_TIMEOUTS);
            warnings.missingTimeouts(what, path, timeouts.client() == null, "client");
            if (mode == ProxyMode.TCP) {
                warnings.httpOnlyInTcp(what, path, p.connectionMode(), p.timeouts());
            }
            return new FrontendConfig(p.name(), proxyId(index), mode,
                    binds(p.binds(), p.acceptProxy(), p.transparent(), path + ".binds"), inheritance.maxconn(p.maxconn()),
                    inheritance.defaultBackend(p.defaultBackend()), timeouts,
                    inheritance.connectionMode(p.connectionMode()),
                    forwardFor(what, path, mode, p.forwardfor()), log(what, path, mode, p.log(), true),
                    inheritance.tcpKeepAlive(p.tcpKeepAlive()), prometheusExporter(what, path, mode, p));
        });
    }

    private PrometheusExporter prometheusExporter(String what, String path, ProxyMode mode, FrontendProperties p) {
        if (p.prometheusExporter().isEmpty()) {
            return null;
        }
        if (mode != ProxyMode.HTTP) {
            problems.add(ConfigProblem.warning(path + ".prometheus-exporter",
                    "'prometheus-exporter' ignored for " + what + " as it requires HTTP mode."));
            return null;
        }
        return new PrometheusExporter(new java.util.LinkedHashSet<>(p.prometheusExporter()));
    }

    private BackendConfig backend(int index) {
        BackendProperties p = properties.backends().get(index);
        String path = PropertyPathLocator.backendPath(index);
        return attempt(path, () -> {
            String what = "backend '" + p.name() + "'";
            ProxyMode mode = inheritance.mode(p.mode());
            Timeouts timeouts = inheritance.backendTimeouts(p.timeouts());
            warnings.ignoredTimeouts(what, path, p.timeouts(), ProxyWarnings.FRONTEND_TIMEOUTS);
            warnings.missingTimeouts(what, path, timeouts.connect() == null || timeouts.server() == null,
                    "connect", "server");
            if (mode == ProxyMode.TCP) {
                warnings.httpOnlyInTcp(what, path, p.connectionMode(), null);
            }
            List<ServerConfig> servers = new ArrayList<>();
            for (int j = 0; j < p.servers().size(); j++) {
                ServerProperties server = p.servers().get(j);
                addIfConverted(servers, attempt(path + ".servers[" + j + "]",
                        () -> inheritance.server(server, p.defaultServer())));
            }
            return new BackendConfig(p.name(), proxyId(properties.frontends().size() + index), mode,
                    inheritance.balance(p.balance()), servers, inheritance.retries(p.retries()),
                    inheritance.redispatch(p.redispatch()) ? BackendConfig.REDISPATCH_ON_LAST_RETRY : 0,
                    inheritance.allBackups(p.allBackups()), inheritance.httpCheck(p.httpCheck()), timeouts,
                    inheritance.connectionMode(p.connectionMode()),
                    forwardFor(what, path, mode, p.forwardfor()), log(what, path, mode, p.log(), false),
                    inheritance.tcpKeepAlive(p.tcpKeepAlive()));
        });
    }

    private StatsConfig stats() {
        StatsProperties p = properties.stats();
        if (p == null) {
            return null;
        }
        String path = PREFIX + ".stats";
        if (p.binds().isEmpty() && p.socket() != null) {
            // Only the runtime API socket, without a page: nothing to bind, as in haproxy.cfg.
            return null;
        }
        List<BindAddress> binds = binds(p.binds(), p.acceptProxy(), false, path + ".binds");
        if (p.binds().isEmpty()) {
            problems.add(ConfigProblem.alert(path + ".binds",
                    "stats listener '" + p.name() + "' has no bind address."));
        }
        // Last in the numbering, after every frontend and backend (see proxyId).
        int id = proxyId(properties.frontends().size() + properties.backends().size());
        return attempt(path, () -> new StatsConfig(p.name(), id, binds, p.uri(), p.realm(),
                p.users().stream().map(u -> new StatsUser(u.name(), u.password())).toList(),
                p.admin(), p.hideVersion(), p.refresh(), inheritance.maxconn(null), false, null, null));
    }

    private List<BindAddress> binds(List<String> binds, boolean acceptProxy, boolean transparent, String path) {
        List<BindAddress> result = new ArrayList<>();
        for (int i = 0; i < binds.size(); i++) {
            String bind = binds.get(i);
            addIfConverted(result, attempt(path + "[" + i + "]", () -> {
                PropertyAddresses.HostPort hp = PropertyAddresses.bind(bind);
                return new BindAddress(hp.host(), hp.port(), acceptProxy, transparent);
            }));
        }
        return result;
    }

    private ForwardFor forwardFor(String what, String path, ProxyMode mode, ForwardForProperties own) {
        ForwardFor forwardFor = inheritance.forwardFor(own);
        if (forwardFor == null || mode == ProxyMode.HTTP) {
            return forwardFor;
        }
        warnings.forwardForIgnored(what, own != null ? path + ".forwardfor" : path);
        return null;
    }

    /** Only a frontend writes access-log lines, so only a frontend is warned about their format. */
    private LogSettings log(String what, String path, ProxyMode mode, LogProperties own, boolean frontend) {
        LogSettings log = inheritance.log(own);
        String where = own != null && own.format() != null ? path + ".log.format" : path;
        if (frontend && log.format() != LogSettings.Format.NONE && log.targets().isEmpty()) {
            warnings.logFormatWithoutTarget(what, where);
        }
        if (log.format() != LogSettings.Format.HTTPLOG || mode == ProxyMode.HTTP) {
            return log;
        }
        if (frontend) {
            warnings.httplogFallback(what, where);
        }
        return new LogSettings(LogSettings.Format.TCPLOG, log.dontLogNull(), log.targets());
    }

    /** Runs one conversion; a value the model refuses becomes an ALERT at {@code path} and {@code null}. */
    private <T> T attempt(String path, Conversion<T> conversion) {
        try {
            return conversion.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(ConfigProblem.alert(path, e.getMessage() != null ? e.getMessage() : e.toString()));
            return null;
        }
    }

    private static <T> void addIfConverted(List<T> list, T value) {
        if (value != null) {
            list.add(value);
        }
    }

    @FunctionalInterface
    private interface Conversion<T> {
        T run();
    }
}
