package io.lbgate.proxy.http;

import io.lbgate.balance.PickContext;
import io.lbgate.config.ForwardFor;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Server;
import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;

/**
 * Forwards each request of one frontend to a server of its backend, streaming both bodies: a body
 * chunk is written on as it arrives and never collected. The buffers Reactor Netty hands us are
 * released by it after {@code onNext}; {@code retain()} gives the outbound side its own reference,
 * which the write releases.
 */
final class HttpProxyHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    private final Frontend frontend;
    private final Backend backend;
    private final ServerClients clients;
    private final ForwardedHeaders forwardFor;

    HttpProxyHandler(Frontend frontend, Backend backend, ServerClients clients) {
        this.frontend = frontend;
        this.backend = backend;
        this.clients = clients;
        ForwardFor option = backend != null && backend.config().forwardFor() != null
                ? backend.config().forwardFor()
                : frontend.config().forwardFor();
        this.forwardFor = ForwardedHeaders.of(option);
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        frontend.counters().requestForwarded();
        InetSocketAddress client = request.remoteAddress();
        Server server = backend == null ? null : backend.pick(PickContext.of(client == null ? null : client.getAddress()));
        if (server == null) {
            return error(response, ErrorPage.SERVICE_UNAVAILABLE);
        }
        server.sessionStarted();
        backend.counters().sessionStarted();
        request.withConnection(c -> server.sessions().add(c.channel())); // cut by on-marked-down shutdown-sessions
        return clients.forServer(server)
                .headers(headers -> {
                    HopByHop.copy(request.requestHeaders(), headers);
                    if (forwardFor != null && client != null) {
                        forwardFor.apply(headers, client.getAddress());
                    }
                })
                .request(request.method())
                .uri(request.uri())
                .send((serverRequest, out) -> out.send(request.receive().retain()))
                .response((serverResponse, body) -> {
                    server.counters().responseReceived(serverResponse.status().code());
                    response.status(serverResponse.status());
                    HopByHop.copy(serverResponse.responseHeaders(), response.responseHeaders());
                    return response.send(body.retain());
                })
                .then()
                .onErrorResume(e -> failed(response, server, e))
                .doFinally(signal -> {
                    request.withConnection(c -> server.sessions().remove(c.channel()));
                    server.sessionEnded();
                    backend.counters().sessionEnded();
                });
    }

    private Mono<Void> failed(HttpServerResponse response, Server server, Throwable error) {
        if (response.hasSentHeaders()) {
            // Part of the answer is on its way: the only honest signal left is to cut the connection.
            server.counters().responseError();
            return Mono.error(error);
        }
        if (isConnectFailure(error)) {
            server.counters().connectionError();
            return error(response, ErrorPage.SERVICE_UNAVAILABLE);
        }
        server.counters().responseError();
        return error(response, ErrorPage.BAD_GATEWAY);
    }

    private static boolean isConnectFailure(Throwable error) {
        return error instanceof ConnectException || error instanceof ConnectTimeoutException
                || error.getCause() instanceof ConnectException;
    }

    static Mono<Void> error(HttpServerResponse response, ErrorPage page) {
        return response.status(HttpResponseStatus.valueOf(page.status(), page.reason()))
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(page.length()))
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header(HttpHeaderNames.CONTENT_TYPE, "text/html")
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(page.body())))
                .then();
    }
}
