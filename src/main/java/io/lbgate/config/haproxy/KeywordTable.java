package io.lbgate.config.haproxy;

import io.lbgate.config.ProxyProtocol;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every haproxy.cfg keyword lbgate reads, with the sections it may appear in, what lbgate does
 * with it and the handler that does it. The reader dispatches from this table and README.md's
 * keyword list is {@link #markdown()}, so the two cannot drift apart. A keyword missing here is an
 * error ("unknown keyword"), never silently ignored.
 *
 * <p>A documented hub: it is long because it is the list.
 */
final class KeywordTable {

    /** Handles a section keyword. */
    @FunctionalInterface
    interface Handler {
        void apply(Directive directive);
    }

    /** Handles a parameter of a {@code server}/{@code bind} line; {@code owner} is the server name or bind spec. */
    @FunctionalInterface
    interface OptionHandler<T> {
        void apply(T target, String argument, String owner) throws OptionException;
    }

    /**
     * @param name      as written, with the family word ({@code option httplog}, {@code timeout client})
     * @param sections  where it is read
     * @param negatable {@code no <name>} is accepted
     * @param warning   accepted with a warning and otherwise ignored
     */
    record Keyword(String name, Set<Section> sections, boolean negatable, boolean warning, String notes,
            Handler handler) {
    }

    /** @param argument what the single argument is ("a delay"), {@code null} for a flag */
    record Option<T>(String name, String argument, String notes, OptionHandler<T> handler) {
    }

    /** Words that form a two-word keyword with the word after them. */
    static final Set<String> FAMILIES = Set.of("option", "timeout", "stats", "http-check");

    private static final Set<Section> GLOBAL = EnumSet.of(Section.GLOBAL);
    private static final Set<Section> ANY_PROXY = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.BACKEND,
            Section.LISTEN);
    private static final Set<Section> FE = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.LISTEN);
    private static final Set<Section> FE_ONLY = EnumSet.of(Section.FRONTEND, Section.LISTEN);
    private static final Set<Section> BE = EnumSet.of(Section.DEFAULTS, Section.BACKEND, Section.LISTEN);
    private static final Set<Section> BE_ONLY = EnumSet.of(Section.BACKEND, Section.LISTEN);
    private static final Set<Section> STATS = EnumSet.of(Section.LISTEN);

    /** By name; a name may have one entry per kind of section ({@code log}, {@code maxconn}). */
    private static final Map<String, List<Keyword>> KEYWORDS = new LinkedHashMap<>();
    private static final Map<String, Option<ServerSettings>> SERVER_OPTIONS = new LinkedHashMap<>();
    private static final Map<String, Option<BindParser.BindOptions>> BIND_OPTIONS = new LinkedHashMap<>();

    /** Process keywords a JVM has no use for; reported together in one warning. */
    static final List<String> PROCESS_KEYWORDS = List.of("user", "group", "uid", "gid", "daemon", "chroot",
            "pidfile", "nbthread", "ulimit-n", "master-worker");

    static {
        global("log", "`log <addr>[:port] <facility> [level [minlevel]]`: syslog over UDP, port 514 unless given;"
                + " what `log global` refers to. UNIX-socket/stdout targets are ignored with a warning.",
                LogParser::global);
        global("maxconn", "Process-wide connection limit (`GlobalSettings.maxconn`, 0 when unset).",
                GlobalKeywords::maxconn);
        global("stats socket", "`stats socket <path>|<addr>:<port> [level user|operator|admin] [mode <octal>]"
                + " [user <u>] [group <g>] [expose-fd listeners]`: the runtime API (docs/runtime-api.md); one"
                + " line per socket. `expose-fd` is accepted, no descriptor is passed.", StatsSocketParser::socket);
        global("stats timeout", "Idle runtime API client closed after it (default 10s).",
                StatsSocketParser::timeout);
        global("stats maxconn", "Runtime API connections served at once over all sockets (default 10);"
                + " more wait in the backlog.", StatsSocketParser::maxconn);
        global("grace", "`grace <time>`: after SIGTERM/SIGUSR1 readiness turns false at once but the listeners keep"
                + " accepting this long, then the stop drains (default 0; a VRRP MASTER waits until keepalived has moved the VIP,"
                + " at most 8s: docs/high-availability.md).",
                GlobalKeywords::grace);
        global("hard-stop-after", "`hard-stop-after <time>`: the longest a stop, or a reload's old connections, wait"
                + " for what is in flight (lbgate's default when unset: 25s).", GlobalKeywords::hardStopAfter);
        global("server-state-file", "`server-state-file <file>`: the file `show servers state` was saved to; read at"
                + " start by backends with `load-server-state-from-file global`.", GlobalKeywords::serverStateFile);
        global("server-state-base", "`server-state-base <dir>`: the directory of relative server-state file names.",
                GlobalKeywords::serverStateBase);
        global("localpeer", "`localpeer <name>`: this node's name in the `peers` section (default: the host name;"
                + " `-L <name>` on the command line wins); see docs/peers.md.", GlobalKeywords::localPeer);
        for (String k : PROCESS_KEYWORDS) {
            add(new Keyword(k, GLOBAL, false, true, "A JVM does not switch user, chroot, daemonize or pick its"
                    + " thread count from haproxy.cfg; one warning lists them all.", GlobalKeywords::processKeyword));
        }

        proxy("mode", ANY_PROXY, "`http` or `tcp` (default `tcp`).", ProxyKeywords::mode);
        negatable("log", ANY_PROXY, "`log global` (the global targets) or `log <addr>[:port] <facility> [level]`;"
                + " `no log` drops inherited targets.", LogParser::proxy);
        proxy("maxconn", FE, "Frontend connection limit (0 = the global one).", ProxyKeywords::maxconn);
        proxy("bind", FE_ONLY, "`bind <addr>:<port>[,...] [accept-proxy] [transparent] [name <n>]`; `*:P`, `:P`, `0.0.0.0:P`,"
                + " `IP:P`, `[::]:P`, `:::P`, `::1:P`.", BindParser::bind);
        proxy("default_backend", FE, "The backend every connection goes to.", ProxyKeywords::defaultBackend);
        proxy("use_backend", FE_ONLY, "Unconditional or `if TRUE` only: then it is the default backend."
                + " Other ACL conditions are refused.", ProxyKeywords::useBackend);
        proxy("http-request", FE_ONLY, "`http-request use-service prometheus-exporter [if { path <path> ... }]`"
                + " only: HAProxy's Prometheus exposition on those paths (docs/metrics.md); other requests are"
                + " proxied. Other actions and conditions are refused.", HttpRequestKeywords::httpRequest);
        proxy("balance", BE, "`roundrobin`, `static-rr`, `leastconn`, `first`, `source`, `random`.",
                ProxyKeywords::balance);
        proxy("retries", BE, "Connection retries (default 3).", ProxyKeywords::retries);
        proxy("server", BE_ONLY, "`server <name> <addr>:<port> [params]`, see the server parameters below.",
                ServerLineParser::server);
        proxy("default-server", BE, "Parameters every later `server` of the proxy starts from.",
                ServerLineParser::defaultServer);
        proxy("load-server-state-from-file", BE, "`global`, `local` or `none` (default): read MAINT/DRAIN, weights"
                + " and health saved by `show servers state` at start (docs/reload-and-stop.md).",
                ProxyKeywords::loadServerStateFromFile);
        proxy("server-state-file-name", BE, "`[use-backend-name|<file>]`: the backend's own state file for"
                + " `load-server-state-from-file local` (default: the backend's name).",
                ProxyKeywords::serverStateFileName);
        proxy("http-reuse", BE, "`safe` (HAProxy's default) is how lbgate reuses server connections: a client"
                + " connection's first request gets one of its own. `never`, `aggressive`, `always`: a warning.",
                ProxyKeywords::httpReuse);
        proxy("http-check expect", BE, "`http-check expect status <code>[,<code>|<from>-<to>...]` with"
                + " `option httpchk`.", ProxyKeywords::httpCheckExpect);

        negatable("option httplog", ANY_PROXY, "HTTP access log; in a TCP proxy a warning and `tcplog` instead.",
                ProxyKeywords::httplog);
        negatable("option tcplog", ANY_PROXY, "TCP access log.", ProxyKeywords::tcplog);
        negatable("option dontlognull", ANY_PROXY, "No log line for connections that sent nothing.",
                ProxyKeywords::dontlognull);
        negatable("option http-keep-alive", ANY_PROXY, "Keep client and server connections (the default);"
                + " the last of the three connection options wins.", ProxyKeywords::httpKeepAlive);
        negatable("option http-server-close", ANY_PROXY, "Close the server connection after each response;"
                + " a warning in TCP proxies that set it themselves.", ProxyKeywords::httpServerClose);
        negatable("option httpclose", ANY_PROXY, "Close both connections after each response.",
                ProxyKeywords::httpClose);
        negatable("option forwardfor", ANY_PROXY, "`[except <net>] [header <name>] [if-none]`; ignored with"
                + " HAProxy's warning in TCP proxies.", ProxyKeywords::forwardFor);
        negatable("option redispatch", BE, "`[<interval>]`: a failed connection goes back to the balancer, at once in a non-hash farm of several servers, else on the last retry (or every <interval>th; `0` disables), as HAProxy 2.6.",
                ProxyKeywords::redispatch);
        negatable("option allbackups", BE, "Balance over every backup server, not only the first.",
                ProxyKeywords::allBackups);
        negatable("option tcpka", ANY_PROXY, "TCP keep-alive probes (SO_KEEPALIVE, the kernel's timings) on the"
                + " client side of a frontend and the server side of a backend.", ProxyKeywords::tcpKeepAlive);
        negatable("option clitcpka", FE, "TCP keep-alive probes on client connections.",
                ProxyKeywords::clientTcpKeepAlive);
        negatable("option srvtcpka", BE, "TCP keep-alive probes on server connections.",
                ProxyKeywords::serverTcpKeepAlive);
        negatable("option httpchk", BE, "`[<method>] [<uri>] [<version>]`, default `OPTIONS / HTTP/1.0`.",
                ProxyKeywords::httpChk);

        timeout("http-request", FE, "Time to receive the request headers.");
        timeout("client", FE, "Client inactivity.");
        timeout("http-keep-alive", FE, "Idle time between two requests.");
        timeout("client-fin", FE, "Client inactivity once half-closed.");
        timeout("connect", BE, "Server connection establishment.");
        timeout("server", BE, "Server inactivity.");
        timeout("queue", BE, "Time in a server/backend queue (falls back to connect).");
        timeout("check", BE, "Health-check read timeout after connect.");
        timeout("tunnel", BE, "Inactivity once tunnelled (WebSocket, CONNECT).");
        timeout("server-fin", BE, "Server inactivity once half-closed.");

        proxy("stats enable", STATS, "Makes a `listen` without servers a stats listener; every one is served on its own binds.",
                StatsKeywords::enable);
        proxy("stats uri", STATS, "Page URI prefix (default `/haproxy?stats`).", StatsKeywords::uri);
        proxy("stats realm", STATS, "Basic-auth realm (default `HAProxy Statistics`).", StatsKeywords::realm);
        proxy("stats auth", STATS, "`stats auth <user>:<password>`, may be repeated.", StatsKeywords::auth);
        proxy("stats admin", STATS, "`stats admin if TRUE` only: the admin form.", StatsKeywords::admin);
        proxy("stats hide-version", STATS, "No version on the page.", StatsKeywords::hideVersion);
        proxy("stats refresh", STATS, "Page auto-refresh period.", StatsKeywords::refresh);
        proxy("stats show-legends", STATS, "The page's tooltips show each proxy's id and mode, each server's"
                + " address and each backend's algorithm.", StatsKeywords::showLegends);
        proxy("stats show-node", STATS, "`stats show-node [<name>]`: the page's title names the node (the host"
                + " name by default).", StatsKeywords::showNode);
        proxy("stats show-desc", STATS, "`stats show-desc [<text>]`: the page's title shows the description.",
                StatsKeywords::showDesc);

        serverFlag("check", "Run health checks.", s -> s.check = true);
        serverTime("inter", "Check interval (default 2s).", (s, t) -> s.inter = t);
        serverTime("fastinter", "Interval while changing state.", (s, t) -> s.fastInter = t);
        serverTime("downinter", "Interval while DOWN.", (s, t) -> s.downInter = t);
        serverOption("rise", "an integer", "Successes to go UP (>= 1, default 2).",
                (s, a, n) -> s.rise = ServerLineParser.positive("rise", a));
        serverOption("fall", "an integer", "Failures to go DOWN (>= 1, default 3).",
                (s, a, n) -> s.fall = ServerLineParser.positive("fall", a));
        serverOption("weight", "an integer", "0..256 (default 1).", (s, a, n) -> s.weight = ServerLineParser.weight(a, n));
        serverOption("maxconn", "an integer", "Connections to the server (0 = unlimited).",
                (s, a, n) -> s.maxconn = ServerLineParser.nonNegative("maxconn", a));
        serverOption("maxqueue", "an integer", "Requests waiting in this server's own queue (with `balance source`); beyond it 503 at once (0 = unlimited).",
                (s, a, n) -> s.maxqueue = ServerLineParser.nonNegative("maxqueue", a));
        serverFlag("backup", "Used only when no active server is usable.", s -> s.backup = true);
        serverFlag("disabled", "Starts in maintenance.", s -> s.disabled = true);
        serverFlag("send-proxy", "PROXY protocol v1 header on each connection.", s -> s.sendProxy = ProxyProtocol.V1);
        serverFlag("send-proxy-v2", "PROXY protocol v2 header on each connection.",
                s -> s.sendProxy = ProxyProtocol.V2);
        serverFlag("check-send-proxy", "PROXY header on health checks too.", s -> s.checkSendProxy = true);
        serverTime("slowstart", "Weight ramp-up after coming back.", (s, t) -> s.slowStart = t);
        serverOption("on-marked-down", "'shutdown-sessions'", "`shutdown-sessions` only.", (s, a, n) -> {
            if (!a.equals("shutdown-sessions")) {
                // HAProxy 2.6.12, observed.
                throw new OptionException("'on-marked-down' expects 'shutdown-sessions' but got '" + a + "'.");
            }
            s.shutdownSessionsOnDown = true;
        });
        serverOption("port", "a port", "Port for health checks.", (s, a, n) -> s.checkPort = ServerLineParser.port(a));
        serverOption("addr", "an address", "Address for health checks.", (s, a, n) -> s.checkAddr = a);

        BIND_OPTIONS.put("accept-proxy", new Option<>("accept-proxy", null,
                "Connections start with a PROXY protocol header.", (b, a, n) -> b.acceptProxy = true));
        BIND_OPTIONS.put("transparent", new Option<>("transparent", null,
                "The address may be one this host does not hold (a VIP on the backup node), and connections"
                        + " keep answering from it after it moves away (docs/high-availability.md).",
                (b, a, n) -> b.transparent = true));
        BIND_OPTIONS.put("name", new Option<>("name", "name", "Accepted; the listener name is not used.",
                (b, a, n) -> b.name = a));
    }

    private KeywordTable() {
    }

    /** The entry for {@code name} in {@code section}, else any entry of that name (to say where it belongs). */
    static Optional<Keyword> keyword(String name, Section section) {
        List<Keyword> entries = KEYWORDS.getOrDefault(name, List.of());
        return entries.stream().filter(k -> k.sections().contains(section)).findFirst()
                .or(() -> entries.stream().findFirst());
    }

    static Optional<Option<ServerSettings>> serverOption(String name) {
        return Optional.ofNullable(SERVER_OPTIONS.get(name));
    }

    static Optional<Option<BindParser.BindOptions>> bindOption(String name) {
        return Optional.ofNullable(BIND_OPTIONS.get(name));
    }

    /** The table as README.md shows it: one row per keyword, then server and bind parameters. */
    static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| Section(s) | Keyword | Support | What lbgate does |\n");
        md.append("|---|---|---|---|\n");
        for (Keyword k : KEYWORDS.values().stream().flatMap(List::stream).toList()) {
            String sections = k.sections().stream().map(Section::keyword).collect(Collectors.joining(", "));
            String name = (k.negatable() ? "[no] " : "") + k.name();
            row(md, sections, name, k.warning() ? "accepted with a warning, ignored" : "supported", k.notes());
        }
        for (Option<ServerSettings> o : SERVER_OPTIONS.values()) {
            row(md, "server, default-server", o.name() + (o.argument() == null ? "" : " <arg>"), "supported", o.notes());
        }
        for (Option<BindParser.BindOptions> o : BIND_OPTIONS.values()) {
            row(md, "bind", o.name() + (o.argument() == null ? "" : " <arg>"), "supported", o.notes());
        }
        for (String[] r : PeersSectionParser.ROWS) {
            row(md, "peers", r[0], r[1], r[2]);
        }
        md.append("\nAny other keyword, section (`userlist`, `resolvers`, ...), server or bind parameter"
                + " is an error naming its `file:line`.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String sections, String keyword, String support, String notes) {
        md.append("| ").append(sections).append(" | `").append(keyword).append("` | ").append(support)
                .append(" | ").append(notes.replace("|", "\\|")).append(" |\n");
    }

    private static void add(Keyword k) {
        KEYWORDS.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
    }

    private static void global(String name, String notes, Handler handler) {
        add(new Keyword(name, GLOBAL, false, false, notes, handler));
    }

    private static void proxy(String name, Set<Section> sections, String notes, Handler handler) {
        add(new Keyword(name, sections, false, false, notes, handler));
    }

    private static void negatable(String name, Set<Section> sections, String notes, Handler handler) {
        add(new Keyword(name, sections, true, false, notes, handler));
    }

    private static void timeout(String name, Set<Section> sections, String notes) {
        add(new Keyword("timeout " + name, sections, false, false, notes + " Time units `us ms s m h d`.",
                ProxyKeywords::timeout));
    }

    private static void serverOption(String name, String argument, String notes, OptionHandler<ServerSettings> h) {
        SERVER_OPTIONS.put(name, new Option<>(name, argument, notes, h));
    }

    private static void serverFlag(String name, String notes, java.util.function.Consumer<ServerSettings> set) {
        serverOption(name, null, notes, (s, a, n) -> set.accept(s));
    }

    private static void serverTime(String name, String notes,
            java.util.function.BiConsumer<ServerSettings, java.time.Duration> set) {
        serverOption(name, "a delay", notes, (s, a, n) -> set.accept(s, ServerLineParser.time(name, a, n)));
    }
}
