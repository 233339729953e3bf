package io.lbgate.pair;

import io.lbgate.config.StatsConfig;
import io.lbgate.control.StatsListeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /lbgate/vrrp} on the stats listeners: where keepalived's notify script
 * ({@code lbgate-vrrp-notify}) posts the role ({@code type}, {@code name}, {@code state},
 * {@code priority}, keepalived's four arguments, form-encoded), and where a GET shows the role as
 * JSON.
 *
 * <p>Who may post: the stats listener's own security applies (with {@code stats auth}, a stats user
 * and password, which the script reads from a netrc file); a listener without {@code stats auth}
 * takes a report from a loopback client only, so that nothing on the network can claim this node
 * lost or took the VIP.
 */
final class VrrpNotifyRoute {
    private static final Logger log = LoggerFactory.getLogger(VrrpNotifyRoute.class);
    static final String PATH = "/lbgate/vrrp";

    private final VrrpState state;
    private final NodeIdentity node;
    private final StatsListeners listeners;

    VrrpNotifyRoute(VrrpState state, NodeIdentity node, StatsListeners listeners) {
        this.state = state;
        this.node = node;
        this.listeners = listeners;
    }

    Mono<ServerResponse> post(ServerRequest request) {
        if (!allowed(request)) {
            log.warn("Refused a VRRP report from {}: without stats auth only loopback clients may report",
                    request.remoteAddress().map(Object::toString).orElse("?"));
            return text(HttpStatus.FORBIDDEN, "a VRRP report without stats auth is taken from loopback only\n");
        }
        return request.formData().flatMap(this::report);
    }

    Mono<ServerResponse> get(ServerRequest request) {
        VrrpReport current = state.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", node.name());
        body.putAll(PairHealth.details(current));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private Mono<ServerResponse> report(MultiValueMap<String, String> form) {
        String stateValue = form.getFirst("state");
        Optional<VrrpRole> role = VrrpRole.fromNotify(stateValue);
        if (role.isEmpty()) {
            return refused("state: '" + limited(stateValue) + "' (expected: MASTER, BACKUP, FAULT or STOP)");
        }
        int priority;
        try {
            String p = form.getFirst("priority");
            priority = p == null || p.isBlank() ? -1 : Integer.parseInt(p.strip());
        } catch (NumberFormatException e) {
            return refused("priority: '" + limited(form.getFirst("priority")) + "' (expected: 0 to 255)");
        }
        if (priority < -1 || priority > 255) {
            return refused("priority: " + priority + " (expected: 0 to 255)");
        }
        state.report(role.get(), limited(form.getFirst("type")), limited(form.getFirst("name")), priority);
        return ServerResponse.noContent().build();
    }

    private boolean allowed(ServerRequest request) {
        StatsConfig listener = listeners.at(request.localAddress().orElse(null));
        if (listener != null && !listener.users().isEmpty()) {
            return true; // the security filter has checked the stats user already
        }
        return request.remoteAddress().map(InetSocketAddress::getAddress)
                .map(a -> a.isLoopbackAddress()).orElse(false);
    }

    /** Names as keepalived gives them are short; anything else is cut, so a report cannot grow memory. */
    private static String limited(String value) {
        if (value == null) {
            return "";
        }
        String v = value.strip();
        return v.length() > 64 ? v.substring(0, 64) : v;
    }

    /** A refused report: logged (the role stays as it was) and answered with the reason. */
    private static Mono<ServerResponse> refused(String reason) {
        log.warn("Refused a VRRP report: {}; the role stays as it was", reason);
        return text(HttpStatus.BAD_REQUEST, reason + "\n");
    }

    private static Mono<ServerResponse> text(HttpStatus status, String body) {
        return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN).bodyValue(body);
    }
}
