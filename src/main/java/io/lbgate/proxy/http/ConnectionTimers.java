package io.lbgate.proxy.http;

import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The three timeouts of an HTTP client connection: {@code http-request}/{@code http-keep-alive}
 * between requests, {@code client} while a request is read or a response written, and
 * {@code server} while a server is expected to answer.
 *
 * <p>The timers live as long as the connection and are re-armed by moving a deadline, not by
 * cancelling and scheduling a task per request: on a kept-alive connection that would be two
 * task-queue insertions and removals for every request. A task that fires before its deadline
 * moved further just schedules itself for the rest. Runs on the connection's event loop.
 */
final class ConnectionTimers {
    private final FrontendConnection connection;
    private ScheduledFuture<?> idleTimer;
    private long idleTimerDueNanos;
    /** When the connection may idle until, waiting for a request; 0 while a request is in progress. */
    private long idleDeadlineNanos;
    private ScheduledFuture<?> serverTimer;
    private ScheduledFuture<?> clientTimer;
    /** Last time the client sent a byte or drained what we sent it (timeout client). */
    private long lastClientActivityNanos;

    ConnectionTimers(FrontendConnection connection) {
        this.connection = connection;
    }

    void clientActive() {
        lastClientActivityNanos = System.nanoTime();
    }

    /** When the client last sent a byte or drained what was sent to it. */
    long lastClientActivityNanos() {
        return lastClientActivityNanos;
    }

    // ---- between requests ----

    /** Waiting for a request: {@code http-request} before the first, {@code http-keep-alive} after. */
    void armIdle() {
        HttpProxySettings settings = connection.settings();
        long millis = connection.firstRequest() ? settings.httpRequestMillis() : settings.keepAliveMillis();
        if (millis <= 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        idleDeadlineNanos = deadline;
        if (idleTimer != null && idleTimerDueNanos - deadline > 0) {
            idleTimer.cancel(false); // the new deadline is earlier than the pending check
            idleTimer = null;
        }
        if (idleTimer == null) {
            scheduleIdleCheck(deadline);
        }
    }

    /** A request began: no idle deadline until the next {@link #armIdle()}. */
    void disarmIdle() {
        idleDeadlineNanos = 0;
    }

    private void scheduleIdleCheck(long dueNanos) {
        idleTimerDueNanos = dueNanos;
        idleTimer = connection.loop().schedule(this::idleCheck, dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void idleCheck() {
        idleTimer = null;
        if (idleDeadlineNanos == 0 || connection.state() != FrontendConnection.State.IDLE) {
            return;
        }
        if (idleDeadlineNanos - System.nanoTime() > 0) {
            scheduleIdleCheck(idleDeadlineNanos);
            return;
        }
        idleDeadlineNanos = 0;
        if (connection.requestBegun() || connection.firstRequest()) {
            // Part of a request arrived but never its end, or nothing at all on a new connection:
            // HAProxy's 408. An idle kept-alive connection is closed quietly instead.
            connection.settings().frontend().counters().requestError();
            connection.rejectWithoutExchange(ErrorPage.REQUEST_TIMEOUT, "cR");
        } else {
            connection.closeClient();
        }
    }

    // ---- during an exchange ----

    void armServer() {
        long millis = connection.settings().serverMillis();
        if (millis <= 0 || serverTimer != null) {
            return;
        }
        serverTimer = connection.loop().schedule(this::serverCheck, millis, TimeUnit.MILLISECONDS);
    }

    /** {@code timeout server}: silence on the server side of the current exchange. */
    private void serverCheck() {
        serverTimer = null;
        Exchange ex = connection.exchange();
        if (ex == null || !ex.attached() || ex.responseState == Exchange.ResponseState.SWITCHING
                || connection.state() != FrontendConnection.State.EXCHANGE) {
            return; // the next exchange arms it again
        }
        long idleNanos = System.nanoTime() - ex.lastServerActivityNanos;
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(connection.settings().serverMillis());
        if (idleNanos < limitNanos) {
            serverTimer = connection.loop().schedule(this::serverCheck, limitNanos - idleNanos, TimeUnit.NANOSECONDS);
            return;
        }
        if (!ex.responseStarted()) {
            ex.stream.countResponseError(); // HAProxy counts a 504 as a response error
            ex.terminate(Cause.SERVER_TIMEOUT, Phase.HEADERS);
            connection.fail(ex, ErrorPage.GATEWAY_TIMEOUT, false);
        } else {
            ex.terminate(Cause.SERVER_TIMEOUT, Phase.DATA);
            connection.abort();
        }
    }

    void armClient() {
        long millis = connection.settings().clientMillis();
        if (millis <= 0 || clientTimer != null) {
            return;
        }
        clientTimer = connection.loop().schedule(this::clientCheck, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code timeout client} during an exchange: the client was expected to send the rest of its
     * request, or to read what we send it, and did neither for that long.
     */
    private void clientCheck() {
        clientTimer = null;
        Exchange ex = connection.exchange();
        if (ex == null || ex.responseState == Exchange.ResponseState.SWITCHING
                || connection.state() != FrontendConnection.State.EXCHANGE) {
            return; // the next exchange arms it again
        }
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(connection.settings().clientMillis());
        boolean waitingOnClient = !ex.requestComplete() || (ex.responseStarted() && !connection.clientWritable());
        long idleNanos = System.nanoTime() - lastClientActivityNanos;
        if (!waitingOnClient || idleNanos < limitNanos) {
            long next = waitingOnClient ? limitNanos - idleNanos : limitNanos;
            clientTimer = connection.loop().schedule(this::clientCheck, next, TimeUnit.NANOSECONDS);
            return;
        }
        connection.settings().frontend().counters().requestError();
        if (!ex.responseStarted()) {
            ex.terminate(Cause.CLIENT_TIMEOUT, Phase.REQUEST);
            connection.fail(ex, ErrorPage.REQUEST_TIMEOUT, true);
        } else {
            ex.terminate(Cause.CLIENT_TIMEOUT, Phase.DATA);
            connection.abort();
        }
    }

    /** The connection closes or becomes a tunnel: no timer of this class runs any more. */
    void stopAll() {
        idleDeadlineNanos = 0;
        idleTimer = cancel(idleTimer);
        serverTimer = cancel(serverTimer);
        clientTimer = cancel(clientTimer);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }
}
