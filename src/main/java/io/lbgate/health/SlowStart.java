package io.lbgate.health;

import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ramps a server's weight after it comes back from DOWN with {@code slowstart} (docs/haproxy-behaviour.md, "Health checks"): the
 * registry computes the weight, this class only ticks it, every {@code max(1 s, slowstart / 20)} as
 * HAProxy's server_warmup task does. Confined to the server checker's event loop.
 */
final class SlowStart {
    private static final long MIN_STEP_MILLIS = 1000;

    private final Server server;
    private final Registry registry;
    private final EventLoop loop;
    private ScheduledFuture<?> step;

    SlowStart(Server server, Registry registry, EventLoop loop) {
        this.server = server;
        this.registry = registry;
        this.loop = loop;
    }

    /** Starts ticking unless already ticking. */
    void begin() {
        if (step == null) {
            schedule();
        }
    }

    void stop() {
        if (step != null) {
            step.cancel(false);
            step = null;
        }
    }

    private void schedule() {
        step = loop.schedule(this::tick, stepMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        step = null;
        if (registry.stepSlowStart(server)) {
            schedule();
        }
    }

    private long stepMillis() {
        return Math.max(MIN_STEP_MILLIS, server.config().slowStart().toMillis() / 20);
    }
}
