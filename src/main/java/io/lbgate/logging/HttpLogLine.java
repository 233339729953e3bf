package io.lbgate.logging;

import java.net.InetSocketAddress;
import java.time.ZoneId;

/**
 * HAProxy's {@code option httplog} line (docs/haproxy-behaviour.md, "Logs"):
 * {@code %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r},
 * for example
 * {@code 127.0.0.1:53608 [28/Nov/2026:20:33:56.513] fe be/ok 0/0/1/1/2 200 202 - - ---- 1/1/0/0/+1 0/0 "GET / HTTP/1.1"}.
 * No cookie capture exists in lbgate, so {@code %CC %CS} are always {@code - -} and the cookie
 * characters of the termination state are {@code --}.
 *
 * @param client         the client address (the PROXY source on an accept-proxy bind)
 * @param requestMillis  when the request began (epoch ms)
 * @param frontend       frontend name
 * @param backend        backend name (the frontend's name when the request never left it)
 * @param server         server name, {@code null} for {@code <NOSRV>}
 * @param headersMillis  TR: ms to receive the request headers, -1 if they never completed
 * @param waitMillis     Tw: ms until the last server assignment (queues, redispatches), -1 if none
 * @param connectMillis  Tc: ms to connect, -1 if not connected
 * @param responseMillis Tr: ms for the server's response headers, -1 if none
 * @param activeMillis   Ta: ms from the request's start to its end
 * @param status         the status sent to the client
 * @param bytesToClient  %B: bytes sent to the client, headers included
 * @param termination    the two-character state of {@link TerminationState}
 * @param process        %ac
 * @param frontendConns  %fc
 * @param backendConns   %bc
 * @param serverConns    %sc
 * @param retries        %rc
 * @param redispatched   whether %rc gets its {@code +}
 * @param serverQueue    %sq: the position taken in the server's queue, 0 if none
 * @param backendQueue   %bq: the position taken in the backend's queue, 0 if none
 * @param requestLine    the request line, or {@code null} for {@code <BADREQ>}
 */
public record HttpLogLine(
        InetSocketAddress client,
        long requestMillis,
        String frontend,
        String backend,
        String server,
        long headersMillis,
        long waitMillis,
        long connectMillis,
        long responseMillis,
        long activeMillis,
        int status,
        long bytesToClient,
        String termination,
        long process,
        long frontendConns,
        long backendConns,
        long serverConns,
        int retries,
        boolean redispatched,
        long serverQueue,
        long backendQueue,
        String requestLine) {

    /** The line, dates in {@code zone}. */
    public String format(ZoneId zone) {
        StringBuilder b = new StringBuilder(160);
        LogFields.appendHead(b, client, requestMillis, zone, frontend, backend, server);
        LogFields.appendTimer(b, headersMillis).append('/');
        LogFields.appendTimer(b, waitMillis).append('/');
        LogFields.appendTimer(b, connectMillis).append('/');
        LogFields.appendTimer(b, responseMillis).append('/');
        LogFields.appendTimer(b, activeMillis).append(' ');
        b.append(status).append(' ').append(bytesToClient).append(" - - ").append(termination).append("-- ");
        LogFields.appendConnections(b, process, frontendConns, backendConns, serverConns, retries, redispatched);
        b.append(' ').append(serverQueue).append('/').append(backendQueue).append(" \"");
        return b.append(requestLine == null ? "<BADREQ>" : requestLine).append('"').toString();
    }
}
