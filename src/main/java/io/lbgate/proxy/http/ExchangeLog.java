package io.lbgate.proxy.http;

import io.lbgate.logging.HttpLogLine;
import io.lbgate.proxy.backend.BackendStream;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Server;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/** The httplog line of an exchange, or of a request refused before it became one. */
final class ExchangeLog {
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private ExchangeLog() {
    }

    static String line(Exchange ex, InetSocketAddress client, HttpProxySettings settings) {
        Backend backend = settings.backend();
        BackendStream stream = ex.stream;
        Server server = ex.server();
        long active = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ex.startNanos);
        HttpRequest r = ex.request;
        return new HttpLogLine(client, ex.startMillis - ex.headersMillis,
                settings.frontend().name(), backend == null ? settings.frontend().name() : backend.name(),
                server == null ? null : server.name(),
                ex.headersMillis, stream == null ? -1 : stream.waitMillis(),
                stream == null ? -1 : stream.connectMillis(), ex.responseMillis, active, ex.status, ex.bytesOut,
                ex.termination(), settings.processConnections().getAsLong(),
                settings.frontend().counters().currentSessions(),
                backend == null ? 0 : backend.counters().currentSessions(),
                server == null ? 0 : server.counters().currentSessions(),
                stream == null ? 0 : stream.retries(), stream != null && stream.redispatched(),
                stream == null ? 0 : stream.serverQueuePosition(), stream == null ? 0 : stream.backendQueuePosition(),
                r.method().name() + ' ' + r.uri() + ' ' + r.protocolVersion().text()).format(ZONE);
    }

    /** {@code <BADREQ>}: a malformed head or a request that never came in time. */
    static String rejected(InetSocketAddress client, HttpProxySettings settings, ErrorPage page, String termination,
            long sinceMillis) {
        long now = System.currentTimeMillis();
        return new HttpLogLine(client, now - sinceMillis, settings.frontend().name(), settings.frontend().name(),
                null, -1, -1, -1, -1, sinceMillis, page.status(), 0, termination,
                settings.processConnections().getAsLong(), settings.frontend().counters().currentSessions(),
                0, 0, 0, false, 0, 0, null).format(ZONE);
    }
}
