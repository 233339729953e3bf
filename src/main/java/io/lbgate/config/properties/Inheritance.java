package io.lbgate.config.properties;

import io.lbgate.config.Algorithm;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.HealthCheckSettings;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a frontend or backend takes from {@code lbgate.defaults} for each key it leaves unset, as a
 * proxy takes it from the {@code defaults} section above it in haproxy.cfg. Blocks that stand for a
 * single haproxy.cfg line ({@code forwardfor}, {@code http-check}) are taken whole, never merged.
 */
final class Inheritance {

    private final DefaultsProperties defaults;
    private final List<LogTarget> globalLogs;

    Inheritance(DefaultsProperties defaults, List<LogTarget> globalLogs) {
        this.defaults = defaults;
        this.globalLogs = globalLogs;
    }

    ProxyMode mode(ProxyMode own) {
        return own != null ? own : defaults.mode();
    }

    HttpConnectionMode connectionMode(HttpConnectionMode own) {
        return own != null ? own : defaults.connectionMode();
    }

    int maxconn(Integer own) {
        return own != null ? own : defaults.maxconn();
    }

    Algorithm balance(Algorithm own) {
        return own != null ? own : defaults.balance();
    }

    int retries(Integer own) {
        return own != null ? own : defaults.retries();
    }

    String defaultBackend(String own) {
        return own != null ? own : defaults.defaultBackend();
    }

    boolean redispatch(Boolean own) {
        return own != null ? own : defaults.redispatch();
    }

    boolean allBackups(Boolean own) {
        return own != null ? own : defaults.allBackups();
    }

    boolean tcpKeepAlive(Boolean own) {
        return own != null ? own : defaults.tcpKeepAlive();
    }

    /** {@code null} when off, as the model wants. */
    ForwardFor forwardFor(ForwardForProperties own) {
        ForwardForProperties p = own != null ? own : defaults.forwardfor();
        if (p == null || !p.enabled()) {
            return null;
        }
        return new ForwardFor(p.except(), p.header(), p.ifNone());
    }

    /** {@code null} for TCP-connect checks. */
    HealthCheckSettings httpCheck(HttpCheckProperties own) {
        HttpCheckProperties p = own != null ? own : defaults.httpCheck();
        if (p == null || !p.enabled()) {
            return null;
        }
        return new HealthCheckSettings(p.method(), p.uri(), p.version(), p.expectStatus());
    }

    /**
     * Every timeout of {@code lbgate.defaults}, as a haproxy.cfg proxy copies its defaults section,
     * with the frontend's own client-side ones on top (its backend-side ones are ignored with a warning).
     */
    Timeouts frontendTimeouts(TimeoutProperties own) {
        return timeouts(own, true);
    }

    /** Every timeout of {@code lbgate.defaults} with the backend's own server-side ones on top. */
    Timeouts backendTimeouts(TimeoutProperties own) {
        return timeouts(own, false);
    }

    private Timeouts timeouts(TimeoutProperties own, boolean frontend) {
        TimeoutProperties fe = frontend && own != null ? own : TimeoutProperties.NONE;
        TimeoutProperties be = !frontend && own != null ? own : TimeoutProperties.NONE;
        return new Timeouts(
                pick(fe, TimeoutProperties::httpRequest), pick(be, TimeoutProperties::queue),
                pick(be, TimeoutProperties::connect), pick(fe, TimeoutProperties::client),
                pick(be, TimeoutProperties::server), pick(fe, TimeoutProperties::httpKeepAlive),
                pick(be, TimeoutProperties::check), pick(be, TimeoutProperties::tunnel),
                pick(fe, TimeoutProperties::clientFin), pick(be, TimeoutProperties::serverFin));
    }

    /** Each key on its own; the global targets come first, as {@code log global} puts them. */
    LogSettings log(LogProperties own) {
        LogProperties p = own != null ? own : LogProperties.UNSET;
        LogProperties d = defaults.log();
        LogSettings.Format format = first(p.format(), d.format(), LogSettings.Format.NONE);
        boolean dontLogNull = first(p.dontLogNull(), d.dontLogNull(), false);
        boolean global = first(p.global(), d.global(), false);
        List<LogTargetProperties> ownTargets = first(p.targets(), d.targets(), List.of());
        List<LogTarget> targets = new ArrayList<>(global ? globalLogs : List.of());
        for (LogTargetProperties t : ownTargets) {
            LogTarget target = logTarget(t);
            // One line per target, even when a proxy names a global target again.
            if (!targets.contains(target)) {
                targets.add(target);
            }
        }
        return new LogSettings(format, dontLogNull, targets);
    }

    /**
     * A server's parameters: its own, else its backend's {@code default-server}, else the one of
     * {@code lbgate.defaults}, else HAProxy's built-in value.
     */
    ServerConfig server(ServerProperties own, ServerDefaultsProperties backendDefaultServer) {
        List<ServerDefaultsProperties> chain = new ArrayList<>(3);
        chain.add(own.parameters());
        if (backendDefaultServer != null) {
            chain.add(backendDefaultServer);
        }
        chain.add(defaults.defaultServer());
        PropertyAddresses.HostPort address = PropertyAddresses.server(own.address());
        // slowstart 0 is HAProxy's "off", which the model writes as null.
        Duration slowstart = pick(chain, ServerDefaultsProperties::slowstart, null);
        return new ServerConfig(own.name(), address.host(), address.port(),
                pick(chain, ServerDefaultsProperties::check, false),
                pick(chain, ServerDefaultsProperties::inter, ServerConfig.DEFAULT_INTER),
                pick(chain, ServerDefaultsProperties::fastInter, null),
                pick(chain, ServerDefaultsProperties::downInter, null),
                pick(chain, ServerDefaultsProperties::rise, ServerConfig.DEFAULT_RISE),
                pick(chain, ServerDefaultsProperties::fall, ServerConfig.DEFAULT_FALL),
                pick(chain, ServerDefaultsProperties::weight, ServerConfig.DEFAULT_WEIGHT),
                pick(chain, ServerDefaultsProperties::maxconn, 0),
                pick(chain, ServerDefaultsProperties::maxqueue, 0),
                pick(chain, ServerDefaultsProperties::backup, false),
                pick(chain, ServerDefaultsProperties::disabled, false),
                pick(chain, ServerDefaultsProperties::sendProxy, ProxyProtocol.NONE),
                pick(chain, ServerDefaultsProperties::checkSendProxy, false),
                slowstart == null || slowstart.isZero() ? null : slowstart,
                pick(chain, ServerDefaultsProperties::onMarkedDownShutdownSessions, false),
                pick(chain, ServerDefaultsProperties::checkPort, 0),
                pick(chain, ServerDefaultsProperties::checkAddr, null));
    }

    private static <T> T pick(List<ServerDefaultsProperties> chain, Function<ServerDefaultsProperties, T> key,
            T builtIn) {
        for (ServerDefaultsProperties p : chain) {
            T value = key.apply(p);
            if (value != null) {
                return value;
            }
        }
        return builtIn;
    }

    static LogTarget logTarget(LogTargetProperties p) {
        PropertyAddresses.HostPort hp = PropertyAddresses.syslog(p.address());
        return new LogTarget(hp.host(), hp.port(), p.facility(), p.level());
    }

    private Duration pick(TimeoutProperties own, Function<TimeoutProperties, Duration> key) {
        Duration value = key.apply(own);
        return value != null ? value : key.apply(defaults.timeouts());
    }

    private static <T> T first(T own, T inherited, T builtIn) {
        if (own != null) {
            return own;
        }
        return inherited != null ? inherited : builtIn;
    }
}
