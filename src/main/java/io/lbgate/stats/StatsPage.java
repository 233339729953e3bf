package io.lbgate.stats;

import io.lbgate.admin.AdminAction;
import io.lbgate.admin.AdminStatus;
import io.lbgate.admin.AuditEntry;
import io.lbgate.Version;
import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the HTML page and its live updates show: the model for {@code stats.html} and the JSON of
 * each server-sent event. Both come from the same {@link PageRow}s, so an update writes exactly
 * what a reload would draw.
 */
final class StatsPage {
    /** The page shows this many of the most recent audit entries. */
    static final int AUDIT_SHOWN = 20;

    private StatsPage() {
    }

    static List<PageProxy> proxies(List<ProxyStats> snapshot) {
        return snapshot.stream().map(p -> new PageProxy(p.name(), "#" + p.iid(),
                p.rows().stream().anyMatch(r -> r.kind() == RowKind.SERVER),
                p.rows().stream().map(PageRows::of).toList())).toList();
    }

    static Map<String, Object> model(StatsConfig stats, StatsOptions options, List<ProxyStats> snapshot,
                                     Registry registry, int maxconn, List<AuditEntry> audit) {
        Map<String, Object> m = new HashMap<>();
        String uri = stats.uri();
        m.put("version", stats.hideVersion() ? null : Version.current());
        m.put("pid", ProcessHandle.current().pid());
        // 'stats show-node' and 'show-desc': "Statistics Report for pid 42 on node1: Some text".
        m.put("node", stats.showNode() == null ? null : stats.showNode().isEmpty() ? hostname() : stats.showNode());
        m.put("desc", stats.showDesc());
        m.put("uptime", HumanTime.uptime(uptimeSeconds()));
        m.put("maxconn", maxconn);
        m.put("conns", currentConnections(registry));
        m.put("proxies", proxies(snapshot));
        m.put("legends", stats.showLegends() ? legends(snapshot, registry) : Map.of());
        m.put("admin", stats.admin());
        m.put("actions", Arrays.stream(AdminAction.values()).filter(a -> a.label() != null).toList());
        if (options.status() != null) {
            AdminStatus status = AdminStatus.fromCode(options.status());
            m.put("banner", status);
            m.put("bannerLines", List.of(status.banner().split("<br>")));
        }
        boolean refresh = stats.refresh() != null;
        String scope = options.scope() == null ? "" : options.scope();
        m.put("scope", scope);
        m.put("refresh", refresh);
        m.put("uri", uri);
        String keep = refresh ? ";norefresh" : "";
        m.put("upUri", uri + (options.hideDown() ? "" : ";up") + keep);
        m.put("upLabel", options.hideDown() ? "Show all servers" : "Hide 'DOWN' servers");
        m.put("refreshUri", uri + (options.hideDown() ? ";up" : "") + (options.noRefresh() ? "" : ";norefresh"));
        m.put("refreshLabel", options.noRefresh() ? "Enable refresh" : "Disable refresh");
        m.put("nowUri", uri + (options.hideDown() ? ";up" : "") + keep);
        m.put("csvUri", uri + ";csv" + keep);
        m.put("jsonUri", uri + ";json" + keep);
        m.put("eventsUri", eventsUri(uri, options));
        m.put("audit", audit.subList(0, Math.min(AUDIT_SHOWN, audit.size())));
        return m;
    }

    /**
     * {@code stats show-legends}: HAProxy's tooltips on the proxy name ({@code cap: proxy, mode:
     * http, id: 5}), on each server's name ({@code IPv4: 127.0.0.1:8080, id: 1}) and on a backend's
     * name ({@code balancing: roundrobin}); keyed by proxy name and by row id.
     */
    static Map<String, String> legends(List<ProxyStats> snapshot, Registry registry) {
        Map<String, String> legends = new HashMap<>();
        for (ProxyStats proxy : snapshot) {
            boolean frontend = proxy.rows().stream().anyMatch(r -> r.kind() == RowKind.FRONTEND);
            String cap = frontend && proxy.hasBackend() ? "proxy" : frontend ? "frontend" : "backend";
            String mode = proxy.rows().isEmpty() ? "" : proxy.rows().get(0).text(StatField.MODE);
            legends.put(proxy.name(), "cap: " + cap + ", mode: " + mode + ", id: " + proxy.iid());
            for (StatRow row : proxy.rows()) {
                if (row.kind() == RowKind.BACKEND) {
                    registry.backend(proxy.iid()).ifPresent(b -> legends.put(PageRows.id(row), "balancing: "
                            + (b.config().balance() == io.lbgate.config.Algorithm.RANDOM ? "unknown"
                            : b.config().balance().keyword())));
                } else if (row.kind() == RowKind.SERVER) {
                    registry.server(proxy.name(), row.name()).ifPresent(s -> legends.put(PageRows.id(row),
                            (s.config().host().indexOf(':') >= 0 ? "IPv6: [" + s.config().host() + "]" : "IPv4: "
                                    + s.config().host()) + ":" + s.config().port() + ", id: " + s.id()));
                }
            }
        }
        return legends;
    }

    /** The stream URL keeps the page's filters ({@code ;up}, scope) so that it sends the same rows. */
    static String eventsUri(String uri, StatsOptions options) {
        String kept = options.keptSuffix();
        int q = kept.indexOf('?');
        return q < 0 ? uri + kept + ";events" : uri + kept.substring(0, q) + ";events" + kept.substring(q);
    }

    /** One live update: process figures, every row's cells and class, the recent audit entries. */
    static String event(List<ProxyStats> snapshot, Registry registry, List<AuditEntry> audit) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("{\"uptime\":");
        Json.quote(sb, HumanTime.uptime(uptimeSeconds()));
        sb.append(",\"conns\":").append(currentConnections(registry)).append(",\"rows\":[");
        boolean first = true;
        for (PageProxy proxy : proxies(snapshot)) {
            for (PageRow row : proxy.rows()) {
                sb.append(first ? "" : ",").append("{\"id\":");
                first = false;
                Json.quote(sb, row.id()).append(",\"cls\":");
                Json.quote(sb, row.cssClass()).append(",\"status\":");
                Json.quote(sb, row.status()).append(",\"cells\":[");
                for (int i = 0; i < row.cells().size(); i++) {
                    PageRow.Cell cell = row.cells().get(i);
                    sb.append(i == 0 ? "[" : ",[");
                    Json.quote(sb, cell.text()).append(',');
                    Json.quote(sb, cell.title()).append(']');
                }
                sb.append("]}");
            }
        }
        sb.append("],\"audit\":[");
        List<AuditEntry> shown = audit.subList(0, Math.min(AUDIT_SHOWN, audit.size()));
        for (int i = 0; i < shown.size(); i++) {
            AuditEntry e = shown.get(i);
            sb.append(i == 0 ? "[" : ",[");
            for (String v : List.of(e.time().toString(), e.user(), e.address(), e.action(), e.backend(), e.server(),
                    e.result())) {
                Json.quote(sb, v).append(',');
            }
            sb.setLength(sb.length() - 1);
            sb.append(']');
        }
        return sb.append("]}").toString();
    }

    private static long currentConnections(Registry registry) {
        return registry.frontends().stream().map(Frontend::counters).mapToLong(c -> c.currentSessions()).sum();
    }

    private static long uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
    }

    /** What {@code stats show-node} without a name shows, as HAProxy: the host name. */
    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
