package io.lbgate.logging;

import java.net.InetSocketAddress;
import java.time.ZoneId;

/**
 * HAProxy's {@code option tcplog} line (docs/haproxy-behaviour.md, "Logs"):
 * {@code %ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq}, for example
 * {@code 127.0.0.1:41390 [28/Nov/2026:20:34:38.617] tcp_pp tcp_pp/p1 1/1/202 60 -- 1/1/0/0/0 0/0}.
 *
 * @param client        the client address (the PROXY source on an accept-proxy bind)
 * @param acceptMillis  when the connection was accepted (epoch ms)
 * @param frontend      frontend name
 * @param backend       backend name (the frontend's name when none)
 * @param server        server name, {@code null} for {@code <NOSRV>}
 * @param queueMillis   Tw: ms waiting in the queue and between retries; -1 if never reached
 * @param connectMillis Tc: ms of the successful connect; -1 if none succeeded
 * @param totalMillis   Tt: ms from accept to end
 * @param bytesToClient %B: bytes sent to the client
 * @param termination   the two-character state, see {@link TerminationState#tcp}
 * @param process       %ac when logged
 * @param frontendConns %fc when logged
 * @param backendConns  %bc when logged
 * @param serverConns   %sc when logged
 * @param retries       %rc
 * @param redispatched  whether %rc gets its {@code +}
 * @param serverQueue   %sq: position in the server queue
 * @param backendQueue  %bq: position in the backend queue
 */
public record TcpLogLine(
        InetSocketAddress client,
        long acceptMillis,
        String frontend,
        String backend,
        String server,
        long queueMillis,
        long connectMillis,
        long totalMillis,
        long bytesToClient,
        String termination,
        long process,
        long frontendConns,
        long backendConns,
        long serverConns,
        int retries,
        boolean redispatched,
        long serverQueue,
        long backendQueue) {

    /** The line, dates in {@code zone}. */
    public String format(ZoneId zone) {
        StringBuilder b = new StringBuilder(128);
        LogFields.appendHead(b, client, acceptMillis, zone, frontend, backend, server);
        LogFields.appendTimer(b, queueMillis).append('/');
        LogFields.appendTimer(b, connectMillis).append('/');
        LogFields.appendTimer(b, totalMillis).append(' ');
        b.append(bytesToClient).append(' ').append(termination).append(' ');
        LogFields.appendConnections(b, process, frontendConns, backendConns, serverConns, retries, redispatched);
        return b.append(' ').append(serverQueue).append('/').append(backendQueue).toString();
    }
}
