package io.lbgate.lifecycle;

import io.lbgate.balance.Balancers;
import io.lbgate.config.ConfigSource;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.RunningConfig;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.health.HealthChecks;
import io.lbgate.registry.Registry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A {@code -f} start's data plane, started from the parsed configuration in plain Java before the
 * Spring context: the Spring context (the control plane: stats listeners, Actuator, runtime API,
 * metrics) takes several seconds to start on a small machine, and traffic, health checks and
 * the access log need none of it. In the order the application's lifecycle phases give them:
 * the registry, the server-state file, the health checks, then the frontends. The reload and stop
 * services are built here too, so that SIGHUP and SIGTERM work from the moment traffic does.
 *
 * <p>The control plane then attaches to these same objects ({@link #registerIn}): they become the
 * context's beans (the bean methods that would build them stand back), so there is one registry and
 * one set of sockets. The context's lifecycle stops them when it closes, as it would have started
 * them: they report running, so it does not start them again. See docs/architecture.md.
 */
public final class DataPlaneStart {
    private static final Logger log = LoggerFactory.getLogger(DataPlaneStart.class);

    private final LoadedConfig loaded;
    private final ConfigSource source;
    private final Registry registry;
    private final ServerStateAtStart serverState;
    private final HealthChecks healthChecks;
    private final DataPlane dataPlane;
    private final RunningConfig running;
    private final Reloader reloader;
    private final GracefulStop gracefulStop;
    /** The control plane once it runs; a stop that ends before then leaves its closing to the shutdown hook. */
    private final AtomicReference<ConfigurableApplicationContext> controlPlane = new AtomicReference<>();

    private DataPlaneStart(LoadedConfig loaded, ConfigSource source) {
        this.loaded = loaded;
        this.source = source;
        this.registry = Registry.from(loaded.config(), Balancers::create);
        this.serverState = new ServerStateAtStart(loaded, registry);
        this.healthChecks = new HealthChecks(registry);
        this.dataPlane = new DataPlane(registry, loaded);
        Clock clock = Clock.systemUTC();
        this.running = new RunningConfig(source, loaded, clock.instant());
        this.reloader = new Reloader(Reloader.files(source), running, registry, dataPlane, healthChecks, clock);
        this.gracefulStop = new GracefulStop(dataPlane, running::global, this::exit);
    }

    /**
     * Builds and starts the data plane of {@code loaded}, read from the {@code -f} files of
     * {@code source}; returns once every frontend listens.
     *
     * @throws io.lbgate.proxy.BindFailedException when a frontend cannot listen; nothing is left
     *                                             running then
     */
    public static DataPlaneStart start(LoadedConfig loaded, ConfigSource source) {
        DataPlaneStart start = new DataPlaneStart(loaded, source);
        start.run();
        return start;
    }

    private void run() {
        try {
            serverState.start();
            healthChecks.start();
            dataPlane.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Data plane serving {}; the control plane starts now", sinceProcessStart());
    }

    /** "0.84 s after the process started", counted as Spring Boot's "process running for" is. */
    private static String sinceProcessStart() {
        return String.format(Locale.ROOT, "%.2f s after the process started",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    /**
     * Makes this data plane the context's: the configuration, registry, data plane, health checks
     * and the reload and stop services become its beans. Call before the context refreshes.
     */
    public void registerIn(ConfigurableListableBeanFactory beans) {
        beans.registerSingleton("loadedConfig", loaded);
        beans.registerSingleton("configSource", source);
        beans.registerSingleton("registry", registry);
        beans.registerSingleton("serverStateAtStart", serverState);
        beans.registerSingleton("healthChecks", healthChecks);
        beans.registerSingleton("dataPlane", dataPlane);
        beans.registerSingleton("runningConfig", running);
        beans.registerSingleton("reloader", reloader);
        beans.registerSingleton("gracefulStop", gracefulStop);
    }

    /** The control plane runs: from now on a stop closes it, and it stops what runs here. */
    public void attach(ConfigurableApplicationContext context) {
        controlPlane.set(context);
    }

    /**
     * Stops what runs here, in the reverse order of the start: for a control plane that failed to
     * start (its context does not stop beans it did not start).
     */
    public void stop() {
        dataPlane.stop();
        healthChecks.stop();
        serverState.stop();
    }

    public Reloader reloader() {
        return reloader;
    }

    public GracefulStop gracefulStop() {
        return gracefulStop;
    }

    /**
     * The end of a graceful stop: the control plane closes, which stops the data plane, and the
     * process exits 0. A stop that ends while the control plane is still starting leaves the
     * closing to Spring Boot's shutdown hook, which waits for the start to finish: stopping the
     * data plane here would let the context's start begin it again.
     */
    private void exit() {
        ConfigurableApplicationContext context = controlPlane.get();
        if (context != null) {
            SpringApplication.exit(context);
        }
        System.exit(0);
    }
}
