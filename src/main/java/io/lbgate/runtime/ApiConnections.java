package io.lbgate.runtime;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code stats maxconn}: how many API connections are served at once over all sockets. At the
 * limit the sockets stop accepting, so further clients wait in the kernel's backlog, as with
 * HAProxy, and cost lbgate nothing; a connection accepted in the same instant waits here,
 * unregistered, for the next free slot. Sits first on every API server channel, and runs on the
 * API's single event loop, so its counts need no lock.
 */
@ChannelHandler.Sharable
final class ApiConnections extends ChannelInboundHandlerAdapter {
    private final int limit;
    private final List<Channel> servers = new ArrayList<>();
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final Set<CliSession> sessions = ConcurrentHashMap.newKeySet();
    /** Written on the API's thread only; volatile so that {@link #active()} reads it from anywhere. */
    private volatile int active;

    private record Waiting(ChannelHandlerContext server, Channel client) {
    }

    ApiConnections(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        this.limit = limit;
    }

    void listening(Channel server) {
        servers.add(server);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel client = (Channel) msg;
        if (active >= limit) {
            waiting.add(new Waiting(ctx, client));
            return;
        }
        admit(ctx, client);
    }

    private void admit(ChannelHandlerContext server, Channel client) {
        active++;
        client.closeFuture().addListener(f -> server.executor().execute(this::released));
        if (active >= limit) {
            servers.forEach(s -> s.config().setAutoRead(false));
        }
        server.fireChannelRead(client);
    }

    private void released() {
        active--;
        Waiting next = waiting.poll();
        if (next != null) {
            admit(next.server(), next.client());
        } else if (active < limit) {
            servers.forEach(s -> s.config().setAutoRead(true));
        }
    }

    void opened(CliSession session) {
        sessions.add(session);
    }

    void closed(CliSession session) {
        sessions.remove(session);
    }

    Collection<CliSession> sessions() {
        return List.copyOf(sessions);
    }

    /** Connections accepted at the limit and never served: closed on stop. */
    void closeWaiting() {
        Waiting w;
        while ((w = waiting.poll()) != null) {
            w.client().close();
        }
    }

    /** Connections served now. */
    int active() {
        return active;
    }
}
