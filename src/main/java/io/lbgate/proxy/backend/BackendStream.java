package io.lbgate.proxy.backend;

import io.lbgate.registry.PickContext;
import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import io.lbgate.registry.Backend;
import io.lbgate.registry.LiveSessions;
import io.lbgate.registry.Server;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request's or one TCP session's way to a server, the same in both modes (HAProxy's
 * {@code backend.c} and the server side of {@code stream.c}): the balancer's pick with the slot
 * taken in the same step, the backend and server queues with {@code timeout queue} and
 * {@code maxqueue}, the connection attempts with {@code retries}, the turn-around and
 * {@code option redispatch} ({@link RetryRule}), every session/backend/server counter of that path,
 * the slot given back, and what the log says of it: the termination state, Tw, Tc and the retries.
 *
 * <p>The mode only opens connections ({@link Owner#connect}) and reports how they went; framing,
 * relaying and its own timeouts stay with it. Where the modes differ it is there, not here.
 *
 * <p>Threading: everything runs on the client connection's event loop ({@code loop}); the queue's
 * and the admin's callbacks hop onto it.
 */
public final class BackendStream implements BackendQueue.Waiter, LiveSessions.Session {

    /** What a mode provides to a stream. Called on the stream's loop unless said otherwise. */
    public interface Owner {
        /**
         * Opens a connection to {@code server} (or attaches an idle one) and reports it with
         * {@link #connected} or {@link #connectFailed}; either may be called before this returns.
         */
        void connect(Server server);

        /** The stream gave up on finding a server or connecting; {@link #cause()} says why. */
        void serverUnavailable();

        /** The server's sessions are being cut (admin, {@code on-marked-down}); any thread. */
        void shutdown();
    }

    private final BackendPolicy policy;
    private final Owner owner;
    private final EventExecutor loop;
    private final PickContext pick;
    private final long startNanos;

    private StreamState state = StreamState.NEW;
    private boolean started;
    /** The server whose slot this stream holds, or {@code null}. */
    private Server server;
    /** The last server assigned or waited for, for the log (kept after the slot is given back). */
    private Server logged;
    /** The server a redispatch just left, until the next pick says whether it was a redispatch. */
    private Server leaving;
    private int failedAttempts;
    private boolean redispatched;
    /** When the last server was assigned, or the queue was left for good; -1 before. */
    private long waitEndNanos = -1;
    private long connectStartNanos;
    private long connectMillis = -1;
    private long serverQueuePosition;
    private long backendQueuePosition;
    private Cause cause = Cause.NORMAL;
    private Phase phase = Phase.NORMAL;
    /** The queue timeout or the turn-around; never both. */
    private ScheduledFuture<?> timer;

    /**
     * @param client     the client's address, for {@code balance source}; {@code null} if unknown
     * @param startNanos what Tw counts from ({@link System#nanoTime()}): the accept in TCP mode,
     *                   the end of the request headers in HTTP mode
     */
    public BackendStream(BackendPolicy policy, Owner owner, EventExecutor loop, InetAddress client, long startNanos) {
        this.policy = policy;
        this.startNanos = startNanos;
        this.owner = owner;
        this.loop = loop;
        this.pick = PickContext.of(client);
    }

    // ---------------------------------------------------------------- the mode's calls

    /** Counts the stream on its backend and looks for a server. Once. */
    public void start() {
        if (state != StreamState.NEW) {
            throw new IllegalStateException("stream already started: " + state);
        }
        started = true;
        policy.backend().counters().sessionStarted();
        assign(false);
    }

    /** The connection asked for by {@link Owner#connect} is up ({@code reused}: an idle one). */
    public void connected(boolean reused) {
        if (state != StreamState.CONNECTING) {
            return;
        }
        state = StreamState.ESTABLISHED;
        connectMillis = reused ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStartNanos);
    }

    /**
     * The connection asked for by {@link Owner#connect} failed.
     *
     * @param refused refused or reset by the peer, as opposed to {@code timeout connect}
     * @param reused  it was a kept-alive connection that failed when reused
     */
    public void connectFailed(boolean refused, boolean reused) {
        if (state != StreamState.CONNECTING) {
            return;
        }
        failedAttempts++;
        Backend backend = policy.backend();
        RetryRule.Decision decision = RetryRule.afterFailure(policy, failedAttempts, server,
                backend.activeUsableCount(), refused, reused);
        switch (decision.next()) {
            case GIVE_UP -> {
                server.counters().connectionError();
                backend.counters().connectionError();
                fail(refused ? Cause.SERVER_ABORT : Cause.SERVER_TIMEOUT, Phase.CONNECT);
            }
            case SAME_SERVER -> {
                server.counters().retried();
                backend.counters().retried();
                afterTurnAround(decision.turnAround(), this::connectAgain);
            }
            case REDISPATCH -> {
                leaving = server;
                giveSlotBack();
                afterTurnAround(decision.turnAround(), () -> assign(false));
            }
        }
    }

    /** Adds transferred bytes to the backend's and the server's counters. */
    public void countBytes(long in, long out) {
        policy.backend().counters().addBytesIn(in);
        policy.backend().counters().addBytesOut(out);
        if (logged != null) {
            logged.counters().addBytesIn(in);
            logged.counters().addBytesOut(out);
        }
    }

    /** A response the server broke or never sent in time (CSV {@code eresp}), on its server and backend. */
    public void countResponseError() {
        policy.backend().counters().responseError();
        if (logged != null) {
            logged.counters().responseError();
        }
    }

    /** The server cut the transfer (CSV {@code srv_abrt}), on its server and backend. */
    public void countServerAbort() {
        policy.backend().counters().serverAborted();
        if (logged != null) {
            logged.counters().serverAborted();
        }
    }

    /** The client cut the transfer (CSV {@code cli_abrt}), on the server and backend. */
    public void countClientAbort() {
        policy.backend().counters().clientAborted();
        if (logged != null) {
            logged.counters().clientAborted();
        }
    }

    /**
     * Records why the stream ends, unless a reason is recorded already (the first one wins, as in
     * HAProxy's logs).
     */
    public void terminate(Cause why, Phase when) {
        if (cause == Cause.NORMAL) {
            cause = why;
            phase = when;
        }
    }

    /** Ends the stream (see {@link #terminate}): leaves its queue, gives its slot back. Idempotent. */
    public void close() {
        if (state == StreamState.CLOSED) {
            return;
        }
        if (state == StreamState.QUEUED && policy.queue().remove(this)) {
            waitEndNanos = System.nanoTime();
        }
        state = StreamState.CLOSED;
        cancelTimer();
        giveSlotBack();
        if (started) {
            policy.backend().counters().sessionEnded();
        }
    }

    // ---------------------------------------------------------------- what the log reads

    public StreamState state() {
        return state;
    }

    /** The server the stream went to last (its name goes in the log), or {@code null} ({@code <NOSRV>}). */
    public Server server() {
        return logged;
    }

    public Backend backend() {
        return policy.backend();
    }

    public Cause cause() {
        return cause;
    }

    public Phase phase() {
        return phase;
    }

    /** Tw: from the start to the last server assignment (or the end of waiting); -1 if neither. */
    public long waitMillis() {
        return waitEndNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(waitEndNanos - startNanos);
    }

    /** Tc: how long the connection that succeeded took; -1 if none did. */
    public long connectMillis() {
        return connectMillis;
    }

    /** The log's retries: attempts that failed, at most {@code retries}. */
    public int retries() {
        return Math.min(failedAttempts, policy.retries());
    }

    /** Whether a later attempt went to another server than a failed one (the log's {@code +}). */
    public boolean redispatched() {
        return redispatched;
    }

    /** The log's {@code %sq}: position taken in the server's queue, 0 if none. */
    public long serverQueuePosition() {
        return serverQueuePosition;
    }

    /** The log's {@code %bq}: position taken in the backend's queue, 0 if none. */
    public long backendQueuePosition() {
        return backendQueuePosition;
    }

    // ---------------------------------------------------------------- assignment and queues

    /**
     * Finds a server and takes its slot, or queues, or gives up.
     *
     * @param fromQueue just woken from the backend's queue: it goes first, not behind the others
     */
    private void assign(boolean fromQueue) {
        state = StreamState.NEW;
        if (policy.hashBased()) {
            assignHashed();
            return;
        }
        Backend backend = policy.backend();
        if (!fromQueue && leaving == null && policy.queue().hasBackendWaiters()) {
            queue();
            return;
        }
        Server chosen = backend.pick(leaving == null ? pick : pick.avoiding(leaving));
        if (chosen == null) {
            if (backend.isUp() && hasLimitedServers(backend)) {
                queue();
            } else {
                noServer();
            }
            return;
        }
        countSelection(chosen);
        assigned(chosen);
    }

    /** lbtot: HAProxy counts a choice unless a redispatch got the server it left back. */
    private void countSelection(Server chosen) {
        if (chosen != leaving) {
            chosen.counters().selected();
        }
    }

    /**
     * {@code balance source}: the hash names the server whether or not it is full, so a full one
     * is waited for in its own queue, bounded by its {@code maxqueue}.
     */
    private void assignHashed() {
        Server chosen = policy.backend().choose(pick);
        if (chosen == null) {
            noServer();
            return;
        }
        countSelection(chosen);
        boolean othersWait = chosen.config().maxconn() > 0 && chosen.counters().currentQueue() > 0;
        if (!othersWait && chosen.tryStartSession()) {
            assigned(chosen);
            return;
        }
        logged = chosen;
        countRedispatch(chosen);
        long position = policy.queue().enqueue(this, chosen);
        if (position == 0) {
            // maxqueue reached: HAProxy counts it a connection error and answers 503 (SQ).
            chosen.counters().connectionError();
            policy.backend().counters().connectionError();
            fail(Cause.SERVER_ABORT, Phase.QUEUE);
            return;
        }
        serverQueuePosition = position;
        waiting();
    }

    private void queue() {
        backendQueuePosition = policy.queue().enqueue(this);
        waiting();
    }

    private void waiting() {
        state = StreamState.QUEUED;
        if (policy.queueMillis() > 0) {
            timer = loop.schedule(this::queueExpired, policy.queueMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void queueExpired() {
        timer = null;
        if (state == StreamState.QUEUED && policy.queue().remove(this)) {
            waitEndNanos = System.nanoTime();
            fail(Cause.SERVER_TIMEOUT, Phase.QUEUE);
        }
    }

    /** From the queue, any thread: a slot freed somewhere in the backend. */
    @Override
    public void pickAgain() {
        loop.execute(() -> {
            if (state != StreamState.QUEUED) {
                policy.queue().passOn(); // gone meanwhile: the wake-up goes to the next waiter
                return;
            }
            cancelTimer();
            assign(true);
        });
    }

    /** From the queue, any thread: a slot of the server this stream waited for is now ours. */
    @Override
    public void slotGiven(Server given) {
        loop.execute(() -> {
            if (state != StreamState.QUEUED) {
                given.sessionEnded(); // gone meanwhile: the slot goes to the next waiter
                policy.queue().slotFreed(given);
                return;
            }
            cancelTimer();
            hold(given);
        });
    }

    private static boolean hasLimitedServers(Backend backend) {
        for (Server s : backend.servers()) {
            if (s.usable() && s.config().maxconn() > 0) {
                return true;
            }
        }
        return false;
    }

    private void noServer() {
        if (leaving != null) {
            // The redispatch found nothing else: the log still names the server that failed.
            leaving = null;
        }
        fail(Cause.SERVER_ABORT, Phase.CONNECT);
    }

    // ---------------------------------------------------------------- connecting and retrying

    private void assigned(Server chosen) {
        countRedispatch(chosen);
        hold(chosen);
    }

    /** After a redispatch: another server is a redispatch of the one left, the same one a retry. */
    private void countRedispatch(Server chosen) {
        if (leaving == null) {
            return;
        }
        Backend backend = policy.backend();
        if (chosen != leaving) {
            redispatched = true;
            leaving.counters().redispatched();
            backend.counters().redispatched();
        } else {
            leaving.counters().retried();
            backend.counters().retried();
        }
        leaving = null;
    }

    /** {@code chosen}'s slot is taken for this stream: register and connect. */
    private void hold(Server chosen) {
        server = chosen;
        logged = chosen;
        chosen.sessions().add(this);
        waitEndNanos = System.nanoTime();
        connect();
    }

    private void connect() {
        state = StreamState.CONNECTING;
        connectStartNanos = System.nanoTime();
        owner.connect(server);
    }

    /** Another attempt on the same server: HAProxy counts it a new session there (stot). */
    private void connectAgain() {
        server.counters().anotherAttempt();
        connect();
    }

    private void afterTurnAround(boolean wait, Runnable next) {
        if (!wait) {
            next.run();
            return;
        }
        state = StreamState.TURN_AROUND;
        timer = loop.schedule(() -> {
            timer = null;
            if (state == StreamState.TURN_AROUND) {
                next.run();
            }
        }, policy.turnAroundMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(Cause why, Phase when) {
        terminate(why, when);
        close();
        owner.serverUnavailable();
    }

    private void giveSlotBack() {
        Server held = server;
        if (held == null) {
            return;
        }
        server = null;
        held.sessions().remove(this);
        held.sessionEnded();
        policy.queue().slotFreed(held);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    // ---------------------------------------------------------------- admin

    /** {@code shutdown sessions}, {@code on-marked-down shutdown-sessions}: any thread. */
    @Override
    public void shutdown() {
        owner.shutdown();
    }
}
