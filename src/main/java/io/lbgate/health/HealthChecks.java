package io.lbgate.health;

import io.lbgate.registry.Registry;
import io.lbgate.registry.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Health checking on the application's lifecycle: starts a check for every server with
 * {@code check} once the demo backends are up (phase -100) and logs state changes through
 * {@link HealthLog}; on shutdown stops every checker and closes every check connection.
 */
public final class HealthChecks implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

    /** One loop handles thousands of checks a second (see docs/performance.md). */
    static final int THREADS = 1;

    private final Registry registry;
    private CheckScheduler scheduler;
    private Subscription logging;
    private volatile boolean running;

    public HealthChecks(Registry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        logging = registry.subscribe(new HealthLog());
        scheduler = new CheckScheduler(registry, THREADS);
        int checked = scheduler.start();
        running = true;
        if (checked > 0) {
            log.info("Health checks started for {} server(s)", checked);
        }
    }

    /**
     * After a reload: checks follow the registry's new servers, restarted only where the check
     * changed or the server is new (see {@link CheckScheduler#reload()}).
     */
    public synchronized void reload() {
        if (scheduler == null) {
            return;
        }
        int restarted = scheduler.reload();
        log.info("Health checks: {} server(s) checked, {} started afresh", scheduler.checkedServers(), restarted);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
        if (logging != null) {
            logging.close();
            logging = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the demo backends (-100), which the first checks need up. */
    @Override
    public int getPhase() {
        return 100;
    }
}
