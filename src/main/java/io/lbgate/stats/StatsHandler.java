package io.lbgate.stats;

import io.lbgate.admin.AdminForm;
import io.lbgate.admin.AdminService;
import io.lbgate.admin.AdminStatus;
import io.lbgate.admin.AuditEntry;
import io.lbgate.admin.AuditLog;
import io.lbgate.config.ConfigReloader;
import io.lbgate.config.RunningConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.control.CrossSiteGuard;
import io.lbgate.registry.Registry;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers everything under the {@code stats uri}: the page, {@code ;csv}, {@code ;json},
 * {@code ;typed}, the live-update stream ({@code ;events}) and the admin form's POST.
 */
final class StatsHandler {
    /** HAProxy refuses an admin body that does not fit its buffer with {@code EXCD}. */
    static final int MAX_FORM_BYTES = 16384;

    private final StatsConfig stats;
    private final GatewayConfig config;
    private final Registry registry;
    private final AdminService admin;
    private final AuditLog audit;
    private final Clock clock;
    /** The configuration loaded last and the reload status; {@code null} where there is no reload. */
    private final RunningConfig running;
    private final ConfigReloader reloader;
    /** The pair's header line (node name, VRRP role); null for none. */
    private Supplier<String> pairLine = () -> null;
    private Supplier<List<String>> peerLines = List::of;

    /** @param stats the listener whose page this answers: its uri, admin right, refresh and title */
    StatsHandler(StatsConfig stats, GatewayConfig config, Registry registry, AdminService admin, AuditLog audit,
                 Clock clock) {
        this(stats, config, registry, admin, audit, clock, null, null);
    }

    /**
     * @param running  the running configuration and how the last reload went; {@code null} without one
     * @param reloader the reload behind the page's button; {@code null} for none
     */
    StatsHandler(StatsConfig stats, GatewayConfig config, Registry registry, AdminService admin, AuditLog audit,
                 Clock clock, RunningConfig running, ConfigReloader reloader) {
        this.stats = stats;
        this.config = config;
        this.registry = registry;
        this.admin = admin;
        this.audit = audit;
        this.clock = clock;
        this.running = running;
        this.reloader = reloader;
    }

    Mono<ServerResponse> get(ServerRequest request) {
        StatsOptions options = options(request);
        return switch (options.format()) {
            case CSV -> text(options, MediaType.TEXT_PLAIN, CsvWriter.write(snapshot(options)));
            case TYPED -> text(options, MediaType.TEXT_PLAIN, JsonWriter.typed(snapshot(options)));
            case JSON -> text(options, MediaType.APPLICATION_JSON, JsonWriter.json(snapshot(options)));
            // The stream takes its own snapshot at each update.
            case EVENTS -> ServerResponse.ok().header("Cache-Control", "no-cache")
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(StatsEvents.stream(registry,
                            () -> withLoaded(StatsPage.event(snapshot(options), registry, audit.entries()))),
                            StatsEventsType.TYPE);
            case HTML -> headers(options).contentType(MediaType.TEXT_HTML).render("stats", withPairLine(withReload(
                    StatsPage.model(stats, options, snapshot(options), registry, config().global().maxconn(),
                            audit.entries()))));
        };
    }

    Mono<ServerResponse> post(ServerRequest request) {
        StatsOptions options = options(request);
        return actor(request).flatMap(actor -> {
            if (!stats.admin()) {
                admin.refused(actor, "denied: no admin rights");
                return redirect(options, AdminStatus.DENY);
            }
            String crossSite = CrossSiteGuard.reason(request.headers().asHttpHeaders());
            if (crossSite != null) {
                admin.refused(actor, "refused: cross-site request (" + crossSite + ")");
                return ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("Cross-site admin requests are refused.\n");
            }
            if (options.rest().contains(";reload") && reloader != null) {
                return reload(actor, options);
            }
            if (request.headers().contentLength().orElse(0) > MAX_FORM_BYTES) {
                admin.refused(actor, "refused: form too large");
                return redirect(options, AdminStatus.EXCD);
            }
            // A chunked body has no length to check first: read at most MAX_FORM_BYTES of it.
            return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_FORM_BYTES)
                    .map(buffer -> {
                        String body = buffer.toString(StandardCharsets.UTF_8);
                        DataBufferUtils.release(buffer);
                        return body;
                    })
                    .defaultIfEmpty("")
                    .map(body -> admin.apply(AdminForm.parse(body), actor))
                    .onErrorResume(DataBufferLimitException.class, tooLarge -> {
                        admin.refused(actor, "refused: form too large");
                        return Mono.just(AdminStatus.EXCD);
                    })
                    .flatMap(status -> redirect(options, status));
        });
    }

    /**
     * The page's reload button: the same reload as SIGHUP, audited; back to the page, whose
     * "last reload" line says how it went.
     */
    private Mono<ServerResponse> reload(AdminService.Actor actor, StatsOptions options) {
        return Mono.fromCallable(() -> reloader.reload("stats page, user " + actor.user()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> {
                    audit.record(new AuditEntry(result.at(), actor.user(), actor.address(), "reload", "-", "-",
                            result.applied() ? "done" : "refused: " + result.summary()));
                    return ServerResponse.status(HttpStatus.SEE_OTHER).header("Cache-Control", "no-cache")
                            .location(URI.create(stats.uri() + options.keptSuffix()))
                            .contentType(MediaType.TEXT_PLAIN).build();
                });
    }

    /**
     * Adds when the running configuration was loaded to a live update: the page reloads itself when
     * it changes, since a reload may add or remove rows.
     */
    private String withLoaded(String event) {
        if (running == null) {
            return event;
        }
        return "{\"loaded\":\"" + running.loadedAt() + "\"," + event.substring(1);
    }

    /** The page's "config" and "last reload" lines and its reload button. */
    private Map<String, Object> withReload(Map<String, Object> model) {
        model.put("peerLines", peerLines.get());
        model.put("reloadable", reloader != null);
        if (running == null) {
            return model;
        }
        model.put("configLine", running.source().describe() + ", loaded " + utc(running.loadedAt()));
        running.lastReload().ifPresent(r -> {
            model.put("reloadLine", (r.applied() ? "applied " : "REFUSED ") + utc(r.at()) + " ("
                    + r.trigger() + "): " + r.summary());
            model.put("reloadFailed", !r.applied());
            model.put("reloadProblems", r.applied() ? List.of() : r.problems());
        });
        return model;
    }

    private static String utc(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }

    /** The running configuration (changed by reloads) when there is one, else the start-up one. */
    private GatewayConfig config() {
        return running == null ? config : running.current().config();
    }

    private Mono<ServerResponse> redirect(StatsOptions options, AdminStatus status) {
        return ServerResponse.status(HttpStatus.SEE_OTHER)
                .header("Cache-Control", "no-cache")
                .location(URI.create(stats.uri() + ";st=" + status.name() + options.keptSuffix()))
                .contentType(MediaType.TEXT_PLAIN)
                .build();
    }

    private Mono<ServerResponse> text(StatsOptions options, MediaType type, String body) {
        return headers(options).contentType(type).bodyValue(body);
    }

    /** {@code Refresh} only when {@code stats refresh} is set and the URI has no {@code ;norefresh}. */
    private ServerResponse.BodyBuilder headers(StatsOptions options) {
        ServerResponse.BodyBuilder ok = ServerResponse.ok().header("Cache-Control", "no-cache");
        if (stats.refresh() != null && !options.noRefresh()) {
            ok.header("Refresh", Long.toString(Math.max(1, stats.refresh().toSeconds())));
        }
        return ok;
    }

    private List<ProxyStats> snapshot(StatsOptions options) {
        return StatsSnapshot.of(registry, config(), options, clock);
    }

    private StatsOptions options(ServerRequest request) {
        return StatsOptions.parse(StatsPageRoutes.rawTarget(request).substring(stats.uri().length()));
    }

    private static Mono<AdminService.Actor> actor(ServerRequest request) {
        String address = request.remoteAddress().map(InetSocketAddress::getAddress)
                .map(a -> a.getHostAddress()).orElse("-");
        return request.principal().map(Principal::getName).defaultIfEmpty("-")
                .map(user -> new AdminService.Actor(user, address));
    }

    /** Shows {@code line} (the pair's node name and VRRP role) in the page's header. */
    StatsHandler pairLine(Supplier<String> line) {
        this.pairLine = line;
        return this;
    }

    private Map<String, Object> withPairLine(Map<String, Object> model) {
        model.put("pairLine", pairLine.get());
        return model;
    }

    /** Shows {@code lines} (each peer's reachability, docs/peers.md) in the page's header. */
    StatsHandler peerLines(Supplier<List<String>> lines) {
        this.peerLines = lines;
        return this;
    }
}
