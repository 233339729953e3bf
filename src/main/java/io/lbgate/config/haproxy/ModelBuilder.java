package io.lbgate.config.haproxy;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.ConfigElement;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.GlobalSettings;
import io.lbgate.config.ServerStateFiles;
import io.lbgate.config.HealthCheckSettings;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.PrometheusExporter;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.RuntimeApiSettings;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.Timeouts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the parsed sections into the model, with the warnings HAProxy gives when it checks a
 * configuration (HTTP-only settings in TCP proxies, missing timeouts), and remembers where each
 * {@link ConfigElement} was written.
 */
final class ModelBuilder {
    private final SectionParser parsed;
    private final Problems problems;
    private final Map<ConfigElement, String> locations = new HashMap<>();

    ModelBuilder(SectionParser parsed, Problems problems) {
        this.parsed = parsed;
        this.problems = problems;
    }

    /**
     * Resolves HAProxy's server-state file settings: a relative path is taken from
     * {@code server-state-base} when set, else from the current directory; a {@code local} backend
     * reads {@code server-state-file-name}, or a file named after itself.
     */
    private ServerStateFiles serverStateFiles() {
        String base = parsed.global.serverStateBase;
        Path global = parsed.global.serverStateFile == null ? null : resolve(base, parsed.global.serverStateFile);
        Map<String, ServerStateFiles.Source> byBackend = new LinkedHashMap<>();
        for (ProxyDraft p : parsed.proxies) {
            if (!p.section.hasBackendCapability() || p.statsEnabled != null && p.servers.isEmpty()) {
                continue;
            }
            switch (p.loadServerState) {
                case "global" -> {
                    if (global != null) {
                        byBackend.put(p.name, new ServerStateFiles.Source(global, false));
                    }
                }
                case "local" -> byBackend.put(p.name, new ServerStateFiles.Source(
                        resolve(base, p.serverStateFileName == null ? p.name : p.serverStateFileName), true));
                default -> { }
            }
        }
        return new ServerStateFiles(global, byBackend);
    }

    private static Path resolve(String base, String file) {
        Path path = Path.of(file);
        return path.isAbsolute() || base == null ? path : Path.of(base).resolve(path);
    }

    GatewayConfig build() {
        List<FrontendConfig> frontends = new ArrayList<>();
        List<BackendConfig> backends = new ArrayList<>();
        List<StatsConfig> statsListeners = new ArrayList<>();
        int position = 0;
        for (ProxyDraft p : parsed.proxies) {
            int id = proxyId(position++);
            if (p.statsEnabled != null && p.servers.isEmpty()) {
                statsListeners.add(stats(p, id));
                warnAboutTimeouts(p);
                continue;
            }
            if (p.statsEnabled != null) {
                problems.alert(p.statsEnabled, p.label() + " : lbgate serves the stats page only from a 'listen'"
                        + " section without servers.");
            }
            warnAboutMode(p);
            warnAboutTimeouts(p);
            if (p.section.hasFrontendCapability()) {
                frontends.add(frontend(p, id));
            }
            if (p.section.hasBackendCapability()) {
                backends.add(backend(p, id));
            }
        }
        GlobalSettings global = new GlobalSettings(parsed.global.maxconn, parsed.global.logs,
                new RuntimeApiSettings(parsed.global.statsSockets, parsed.global.statsTimeout,
                        parsed.global.statsMaxconn),
                parsed.global.grace, parsed.global.hardStopAfter, serverStateFiles());
        return new GatewayConfig(global, frontends, backends, statsListeners,
                parsed.peers.build(parsed.global.localPeer));
    }

    /**
     * The id HAProxy 2.6 gives the proxy declared at {@code position} (0-based, in file order, the
     * stats listener included): ids follow file order from 1, and the CLI proxy of
     * {@code stats socket} takes one at its own place. Observed on 2.6.12 with a backend, a
     * frontend, a {@code listen stats}, a backend and a listen, in that order: 1 2 3 4 5 without a
     * socket, 2 3 4 5 6 with the socket in a {@code global} written first, 1 2 3 4 5 with that
     * global written last. lbgate has no {@code id} keyword, so no id is forced.
     */
    private int proxyId(int position) {
        int cli = parsed.global.cliProxyPosition;
        return position + 1 + (cli >= 0 && cli <= position ? 1 : 0);
    }

    /** Where an element was written, for {@link io.lbgate.config.ConfigValidator}; {@code null} when unknown. */
    String locate(ConfigElement element) {
        return locations.get(element);
    }

    private FrontendConfig frontend(ProxyDraft p, int id) {
        locations.put(ConfigElement.frontend(p.name), p.declared.location());
        String backend = p.name;
        Line backendLine = p.declared;
        if (p.useBackend != null) {
            backend = p.useBackend;
            backendLine = p.useBackendLine;
        } else if (p.defaultBackend != null) {
            backend = p.defaultBackend;
            backendLine = p.defaultBackendLine;
        } else if (p.section != Section.LISTEN) {
            backend = null;
        }
        if (backend != null) {
            locations.put(ConfigElement.defaultBackend(p.name), backendLine.location());
        }
        return new FrontendConfig(p.name, id, p.mode, p.binds, p.maxconn, backend, timeouts(p), p.connectionMode,
                forwardFor(p), log(p), p.clientTcpKeepAlive, prometheusExporter(p));
    }

    private BackendConfig backend(ProxyDraft p, int id) {
        locations.put(ConfigElement.backend(p.name), p.declared.location());
        // The last server of a name: the validator reports a duplicate at its second declaration.
        p.serverLines.forEach((server, line) -> locations.put(ConfigElement.server(p.name, server), line.location()));
        HealthCheckSettings check = p.httpChk == null ? null
                : new HealthCheckSettings(p.httpChk[0], p.httpChk[1], p.httpChk[2], p.expectStatuses);
        return new BackendConfig(p.name, id, p.mode, p.balance, p.servers, p.retries, p.redispatchInterval, p.allBackups, check,
                timeouts(p), p.connectionMode, forwardFor(p), log(p), p.serverTcpKeepAlive);
    }

    private StatsConfig stats(ProxyDraft p, int id) {
        locations.put(ConfigElement.stats(p.name), p.declared.location());
        return new StatsConfig(p.name, id, p.binds, p.statsUri == null ? StatsConfig.DEFAULT_URI : p.statsUri,
                p.statsRealm == null ? StatsConfig.DEFAULT_REALM : p.statsRealm, p.statsUsers, p.statsAdmin,
                p.statsHideVersion, p.statsRefresh, p.maxconn, p.statsShowLegends, p.statsShowNode, p.statsShowDesc);
    }

    /** HAProxy ignores forwardfor in TCP mode, so the model says "off". */
    private static ForwardFor forwardFor(ProxyDraft p) {
        return p.mode == ProxyMode.TCP ? null : p.forwardFor;
    }

    private LogSettings log(ProxyDraft p) {
        List<LogTarget> targets = new ArrayList<>();
        for (LogTarget t : p.logs) {
            // "log global" in both defaults and the proxy is common; one line per target is what is meant.
            for (LogTarget resolved : t == ProxyDraft.GLOBAL_LOG ? parsed.global.logs : List.of(t)) {
                if (!targets.contains(resolved)) {
                    targets.add(resolved);
                }
            }
        }
        LogSettings.Format format = p.logFormat;
        if (format == LogSettings.Format.HTTPLOG && p.mode == ProxyMode.TCP) {
            format = LogSettings.Format.TCPLOG;
        }
        return new LogSettings(format, p.dontLogNull, targets);
    }

    private static Timeouts timeouts(ProxyDraft p) {
        Map<String, java.time.Duration> t = p.timeouts;
        return new Timeouts(t.get("http-request"), t.get("queue"), t.get("connect"), t.get("client"), t.get("server"),
                t.get("http-keep-alive"), t.get("check"), t.get("tunnel"), t.get("client-fin"), t.get("server-fin"));
    }

    private void warnAboutMode(ProxyDraft p) {
        if (p.section.hasFrontendCapability() && p.logFormat != LogSettings.Format.NONE && p.logs.isEmpty()) {
            // HAProxy 2.6.12, observed: "log format ignored for frontend 'g' since it has no log address."
            problems.warning(p.declared, "log format ignored for " + p.label() + " since it has no log address.");
        }
        if (p.mode != ProxyMode.TCP) {
            return;
        }
        if (p.section.hasFrontendCapability() && p.logFormat == LogSettings.Format.HTTPLOG) {
            // HAProxy 2.6.12, observed: "'option httplog' not usable with proxy 't' (needs 'mode http').
            // Falling back to 'option tcplog'." located at the option line.
            problems.warning(p.httplogLine, "'option httplog' not usable with " + p.label()
                    + " (needs 'mode http'). Falling back to 'option tcplog'.");
        }
        if (p.forwardFor != null) {
            // HAProxy 2.6.12, observed (without a location; we give the section line).
            problems.warning(p.declared, "'option forwardfor' ignored for " + p.label() + " as it requires HTTP mode.");
        }
        // HAProxy 2.6.12 says nothing about these in TCP mode; lbgate warns when the proxy itself wrote them.
        p.ownHttpOnlyLines.forEach((keyword, line) -> problems.warning(line, "'" + keyword + "' ignored for "
                + p.label() + " as it requires HTTP mode."));
    }

    private void warnAboutTimeouts(ProxyDraft p) {
        boolean missing = p.section.hasFrontendCapability() && !p.timeouts.containsKey("client")
                || p.section.hasBackendCapability()
                        && (!p.timeouts.containsKey("connect") || !p.timeouts.containsKey("server"));
        if (missing) {
            // HAProxy 2.6.12, observed: "missing timeouts for backend 'i'." (then an explanation).
            problems.warning(p.declared, "missing timeouts for " + p.label() + ".");
        }
    }

    private PrometheusExporter prometheusExporter(ProxyDraft p) {
        if (!p.prometheusEveryRequest && p.prometheusPaths.isEmpty()) {
            return null;
        }
        if (p.mode != ProxyMode.HTTP) {
            // HAProxy 2.6.12, observed (with no file:line): the rules need HTTP mode.
            problems.warning(p.declared, "'http-request' rules ignored for " + p.label() + " as they require HTTP mode.");
            return null;
        }
        return p.prometheusEveryRequest ? PrometheusExporter.everyRequest() : new PrometheusExporter(p.prometheusPaths);
    }
}
