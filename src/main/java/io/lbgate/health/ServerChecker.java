package io.lbgate.health;

import io.lbgate.registry.AdminState;
import io.lbgate.registry.CheckResult;
import io.lbgate.registry.HealthCounter;
import io.lbgate.registry.OperationalState;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The checks of one server, pinned to one event loop: probe, report to the registry, wait one
 * interval, probe again. The next check is scheduled when the previous one completes (HAProxy's
 * spacing is inter + check duration), so probes of one server never overlap. All state is
 * confined to {@link #loop}.
 */
final class ServerChecker {
    private final Server server;
    private final Registry registry;
    private final CheckPlan plan;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final SlowStart slowStart;

    private ScheduledFuture<?> next;
    private Probe running;
    private boolean stopped;

    ServerChecker(Server server, Registry registry, CheckPlan plan, EventLoop loop, Bootstrap bootstrap) {
        this.server = server;
        this.registry = registry;
        this.plan = plan;
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.slowStart = new SlowStart(server, registry, loop);
    }

    Server server() {
        return server;
    }

    /** Schedules the first check {@code delayMillis} from now (the start-up spread). */
    void start(long delayMillis) {
        loop.execute(() -> schedule(delayMillis));
    }

    /** Cancels the next check and abandons a running one, closing its connection. */
    Future<?> stop() {
        return loop.submit(() -> {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
            if (running != null) {
                running.abandon();
                running = null;
            }
            slowStart.stop();
        });
    }

    private void schedule(long delayMillis) {
        if (!stopped) {
            next = loop.schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        if (server.adminState() == AdminState.MAINT || !server.checksEnabled()) {
            // Paused in MAINT, off after 'dhlth': no probe, the task just wakes up again one
            // interval later, as HAProxy's does, so 'ehlth' resumes within one interval.
            schedule(interval());
            return;
        }
        running = new Probe(plan, loop, bootstrap, this::completed);
        running.start();
    }

    private void completed(CheckResult result) {
        running = null;
        if (stopped) {
            return;
        }
        if (!server.checksEnabled()) {
            // Disabled while this probe ran: its result is dropped, as HAProxy has none then.
            schedule(interval());
            return;
        }
        registry.reportCheck(server, result);
        if (server.operationalState() == OperationalState.STARTING) {
            slowStart.begin();
        }
        schedule(interval());
    }

    /** The delay before the next check, for the health the server has now. */
    long interval() {
        return interval(server);
    }

    /**
     * HAProxy's srv_getinter: {@code inter} at full health, {@code downinter} when DOWN with health 0,
     * {@code fastinter} in between (and before the first result, health being {@code rise}).
     */
    static long interval(Server server) {
        HealthCounter health = server.health();
        int h = health.health();
        if (h == health.max()) {
            return server.config().inter().toMillis();
        }
        if (h == 0 && server.operationalState() == OperationalState.STOPPED) {
            return server.config().effectiveDownInter().toMillis();
        }
        return server.config().effectiveFastInter().toMillis();
    }
}
