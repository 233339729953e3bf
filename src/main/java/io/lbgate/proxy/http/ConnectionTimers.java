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
 * <p>All three share <em>one</em> task on the connection's event loop, due at the earliest of the
 * armed deadlines; when it runs it checks each armed timeout and schedules itself for the next.
 * One task instead of one per timeout: an idle kept-alive connection holds a single scheduled task
 * (64 bytes and a slot in the loop's task queue) rather than three, which matters with tens of
 * thousands of idle clients. Re-arming moves a deadline and leaves the task alone unless the new
 * deadline is earlier than the task, so a kept-alive request costs no task-queue insertion or
 * removal. This class is the {@link Runnable} itself, so scheduling allocates no lambda. Runs on
 * the connection's event loop.
 */
final class ConnectionTimers implements Runnable {
    private final FrontendConnection connection;
    /** The pending check, due at {@link #taskDueNanos}; {@code null} when none is scheduled. */
    private ScheduledFuture<?> task;
    private long taskDueNanos;
    /** When the connection may idle until, waiting for a request; 0 while a request is in progress. */
    private long idleDeadlineNanos;
    /** {@code timeout client} is watched during the current exchange. */
    private boolean clientArmed;
    /** {@code timeout server} is watched during the current exchange. */
    private boolean serverArmed;
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

    // ---- arming ----

    /** Waiting for a request: {@code http-request} before the first, {@code http-keep-alive} after. */
    void armIdle() {
        HttpProxySettings settings = connection.settings();
        long millis = connection.firstRequest() ? settings.httpRequestMillis() : settings.keepAliveMillis();
        if (millis <= 0) {
            return;
        }
        idleDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        runBy(idleDeadlineNanos);
    }

    /** A request began: no idle deadline until the next {@link #armIdle()}. */
    void disarmIdle() {
        idleDeadlineNanos = 0;
    }

    void armServer() {
        long millis = connection.settings().serverMillis();
        if (millis <= 0) {
            return;
        }
        serverArmed = true;
        runBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    void armClient() {
        long millis = connection.settings().clientMillis();
        if (millis <= 0) {
            return;
        }
        clientArmed = true;
        runBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** The connection closes or becomes a tunnel: no timeout of this class fires any more. */
    void stopAll() {
        idleDeadlineNanos = 0;
        clientArmed = false;
        serverArmed = false;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /**
     * Makes sure the check runs no later than {@code dueNanos}: nothing to do when the pending
     * check comes first (the usual case on a kept-alive connection), since it plans the next one.
     */
    private void runBy(long dueNanos) {
        if (task != null) {
            if (taskDueNanos - dueNanos <= 0) {
                return;
            }
            task.cancel(false);
        }
        taskDueNanos = dueNanos;
        task = connection.loop().schedule(this, dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    // ---- the check ----

    /** The task: fires whichever timeout has expired, or plans the next check. */
    @Override
    public void run() {
        task = null;
        long now = System.nanoTime();
        Next next = new Next();
        if (!checkIdle(now, next) || !checkClient(now, next) || !checkServer(now, next)) {
            return; // a timeout fired; what it did re-armed whatever the connection needs now
        }
        if (next.any) {
            runBy(next.dueNanos);
        }
    }

    /** The earliest of the deadlines still watched. */
    private static final class Next {
        boolean any;
        long dueNanos;

        void atMost(long due) {
            if (!any || due - dueNanos < 0) {
                dueNanos = due;
                any = true;
            }
        }
    }

    /** {@code http-request}/{@code http-keep-alive}; {@code false} when it fired. */
    private boolean checkIdle(long now, Next next) {
        if (idleDeadlineNanos == 0 || connection.state() != FrontendConnection.State.IDLE) {
            return true;
        }
        if (idleDeadlineNanos - now > 0) {
            next.atMost(idleDeadlineNanos);
            return true;
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
        return false;
    }

    /**
     * {@code timeout client} during an exchange: the client was expected to send the rest of its
     * request, or to read what we send it, and did neither for that long. {@code false} when it fired.
     */
    private boolean checkClient(long now, Next next) {
        if (!clientArmed) {
            return true;
        }
        Exchange ex = connection.exchange();
        if (ex == null || ex.responseState == Exchange.ResponseState.SWITCHING
                || connection.state() != FrontendConnection.State.EXCHANGE) {
            clientArmed = false; // the next exchange arms it again
            return true;
        }
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(connection.settings().clientMillis());
        boolean waitingOnClient = !ex.requestComplete() || (ex.responseStarted() && !connection.clientWritable());
        long idleNanos = now - lastClientActivityNanos;
        if (!waitingOnClient || idleNanos < limitNanos) {
            next.atMost(now + (waitingOnClient ? limitNanos - idleNanos : limitNanos));
            return true;
        }
        clientArmed = false;
        connection.settings().frontend().counters().requestError();
        if (!ex.responseStarted()) {
            ex.terminate(Cause.CLIENT_TIMEOUT, Phase.REQUEST);
            connection.fail(ex, ErrorPage.REQUEST_TIMEOUT, true);
        } else {
            ex.terminate(Cause.CLIENT_TIMEOUT, Phase.DATA);
            connection.abort();
        }
        return false;
    }

    /** {@code timeout server}: silence on the server side of the current exchange; {@code false} when it fired. */
    private boolean checkServer(long now, Next next) {
        if (!serverArmed) {
            return true;
        }
        Exchange ex = connection.exchange();
        if (ex == null || !ex.attached() || ex.responseState == Exchange.ResponseState.SWITCHING
                || connection.state() != FrontendConnection.State.EXCHANGE) {
            serverArmed = false; // the next exchange arms it again
            return true;
        }
        long idleNanos = now - ex.lastServerActivityNanos;
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(connection.settings().serverMillis());
        if (idleNanos < limitNanos) {
            next.atMost(now + limitNanos - idleNanos);
            return true;
        }
        serverArmed = false;
        if (!ex.responseStarted()) {
            ex.stream.countResponseError(); // HAProxy counts a 504 as a response error
            ex.terminate(Cause.SERVER_TIMEOUT, Phase.HEADERS);
            connection.fail(ex, ErrorPage.GATEWAY_TIMEOUT, false);
        } else {
            ex.terminate(Cause.SERVER_TIMEOUT, Phase.DATA);
            connection.abort();
        }
        return false;
    }
}
