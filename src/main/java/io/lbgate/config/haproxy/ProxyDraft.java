package io.lbgate.config.haproxy;

import io.lbgate.config.Algorithm;
import io.lbgate.config.BindAddress;
import io.lbgate.config.ForwardFor;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.LogTarget;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.StatsUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code defaults}, {@code frontend}, {@code backend} or {@code listen} section while it is being
 * read. A proxy starts as a copy of its defaults section ({@link #inherit}); only what a
 * {@code defaults} section may hold is copied.
 */
final class ProxyDraft {
    /** Stands for {@code log global} until the global section's targets are known. */
    static final LogTarget GLOBAL_LOG = new LogTarget("global", 0, "global", null);

    final Section section;
    final String name;
    final Line declared;

    // Inherited from defaults.
    ProxyMode mode = ProxyMode.TCP;
    int maxconn;
    String defaultBackend;
    Line defaultBackendLine;
    int retries = io.lbgate.config.BackendConfig.DEFAULT_RETRIES;
    int redispatchInterval;
    boolean allBackups;
    /** {@code option clitcpka}/{@code srvtcpka} (or {@code tcpka}, both): SO_KEEPALIVE on that side. */
    boolean clientTcpKeepAlive;
    boolean serverTcpKeepAlive;
    Algorithm balance = Algorithm.ROUNDROBIN;
    String[] httpChk;
    List<Integer> expectStatuses = new ArrayList<>();
    Map<String, Duration> timeouts = new LinkedHashMap<>();
    HttpConnectionMode connectionMode = HttpConnectionMode.KEEP_ALIVE;
    ForwardFor forwardFor;
    LogSettings.Format logFormat = LogSettings.Format.NONE;
    Line httplogLine;
    boolean dontLogNull;
    List<LogTarget> logs = new ArrayList<>();
    ServerSettings defaultServer = new ServerSettings();

    // Written in this section only: used for warnings about keywords that do nothing in TCP mode.
    final Map<String, Line> ownHttpOnlyLines = new LinkedHashMap<>();

    // Never inherited.
    final List<BindAddress> binds = new ArrayList<>();
    final List<ServerConfig> servers = new ArrayList<>();
    final Map<String, Line> serverLines = new LinkedHashMap<>();
    String useBackend;
    Line useBackendLine;
    Line statsEnabled;
    String statsUri;
    String statsRealm;
    final List<StatsUser> statsUsers = new ArrayList<>();
    boolean statsAdmin;
    boolean statsHideVersion;
    Duration statsRefresh;
    /** {@code http-request use-service prometheus-exporter}: unconditional, or the paths of its conditions. */
    boolean prometheusEveryRequest;
    final java.util.Set<String> prometheusPaths = new java.util.LinkedHashSet<>();
    /** {@code load-server-state-from-file}: global, local or none (the default). Inherited. */
    String loadServerState = "none";
    /** {@code server-state-file-name}: a file, or null for the backend's name. Inherited. */
    String serverStateFileName;
    boolean statsShowLegends;
    String statsShowNode;
    String statsShowDesc;

    ProxyDraft(Section section, String name, Line declared) {
        this.section = section;
        this.name = name;
        this.declared = declared;
    }

    /** A new section of kind {@code section} that starts from this defaults section. */
    ProxyDraft inherit(Section section, String name, Line declared) {
        ProxyDraft p = new ProxyDraft(section, name, declared);
        p.mode = mode;
        p.maxconn = maxconn;
        p.defaultBackend = defaultBackend;
        p.defaultBackendLine = defaultBackendLine;
        p.retries = retries;
        p.redispatchInterval = redispatchInterval;
        p.allBackups = allBackups;
        p.clientTcpKeepAlive = clientTcpKeepAlive;
        p.serverTcpKeepAlive = serverTcpKeepAlive;
        p.balance = balance;
        p.httpChk = httpChk;
        p.expectStatuses = new ArrayList<>(expectStatuses);
        p.timeouts = new LinkedHashMap<>(timeouts);
        p.connectionMode = connectionMode;
        p.forwardFor = forwardFor;
        p.logFormat = logFormat;
        p.httplogLine = httplogLine;
        p.dontLogNull = dontLogNull;
        p.logs = new ArrayList<>(logs);
        p.defaultServer = defaultServer.copy();
        p.loadServerState = loadServerState;
        p.serverStateFileName = serverStateFileName;
        return p;
    }

    /** {@code frontend 'f'}, {@code backend 'b'}, {@code proxy 'l'} as HAProxy names proxies in messages. */
    String label() {
        return section.proxyType() + " '" + name + "'";
    }
}
