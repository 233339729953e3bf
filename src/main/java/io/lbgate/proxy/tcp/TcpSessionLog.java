package io.lbgate.proxy.tcp;

import io.lbgate.logging.TcpLogLine;
import io.lbgate.logging.TerminationState;
import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.lbgate.proxy.backend.BackendStream;
import io.lbgate.registry.Server;

import java.net.InetSocketAddress;
import java.time.ZoneId;

/** The tcplog line of a session: its stream's server, timers and retries, or what ended it before. */
final class TcpSessionLog {
    private static final ZoneId ZONE = ZoneId.systemDefault();

    private TcpSessionLog() {
    }

    /**
     * @param stream the session's stream, {@code null} when it ended before having one; then
     *               {@code cause} and {@code phase} say why
     */
    static String line(SessionContext ctx, BackendStream stream, InetSocketAddress client, long acceptMillis,
            long acceptNanos, long bytesToClient, Cause cause, Phase phase) {
        String backend = ctx.backend() == null ? ctx.frontend().name() : ctx.backend().name();
        Server logged = stream == null ? null : stream.server();
        String termination = stream == null ? TerminationState.tcp(cause, phase)
                : TerminationState.tcp(stream.cause(), stream.phase());
        return new TcpLogLine(client, acceptMillis, ctx.frontend().name(), backend,
                logged == null ? null : logged.name(),
                stream == null ? -1 : stream.waitMillis(), stream == null ? -1 : stream.connectMillis(),
                (System.nanoTime() - acceptNanos) / 1_000_000, bytesToClient, termination,
                ctx.resources().process().current(), ctx.frontend().counters().currentSessions(),
                ctx.backend() == null ? 0 : ctx.backend().counters().currentSessions(),
                logged == null ? 0 : logged.counters().currentSessions(),
                stream == null ? 0 : stream.retries(), stream != null && stream.redispatched(),
                stream == null ? 0 : stream.serverQueuePosition(), stream == null ? 0 : stream.backendQueuePosition())
                .format(ZONE);
    }
}
