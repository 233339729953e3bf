package io.lbgate.dataplane;

import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.LoadedConfig;
import io.lbgate.logging.SyslogSender;
import io.lbgate.config.ProxyMode;
import io.lbgate.proxy.Binds;
import io.lbgate.proxy.BindFailedException;
import io.lbgate.proxy.ListeningFrontend;
import io.lbgate.proxy.ProxyLimits;
import io.lbgate.proxy.SoftStop;
import io.lbgate.proxy.http.HttpFrontend;
import io.lbgate.proxy.tcp.TcpFrontend;
import io.lbgate.proxy.tcp.TcpResources;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import io.netty.channel.socket.SocketChannel;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts the frontends on the application's lifecycle, on event loops of its own: the data plane
 * never shares threads with the control plane, so a slow stats page cannot delay traffic. The
 * listening sockets ({@link Binds}) live as long as their address is configured: a reload hands
 * them to the new configuration's frontends ({@link #openBinds}, {@link #takeOver}); a stop closes
 * them and lets the connections finish ({@link #markStopping}, {@link #stopAccepting},
 * {@link #liveConnections}, {@link #closeConnections}). See docs/reload-and-stop.md.
 *
 * <p>A {@code -f} start builds and starts it before the Spring context ({@code lifecycle.DataPlaneStart});
 * a start on application.yml gets it from {@code GatewayBeans}.
 */
public final class DataPlane implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final Registry registry;
    private final int globalMaxconn;
    /** The current configuration's frontends. */
    private final List<ListeningFrontend> frontends = new ArrayList<>();
    /** Frontends a reload replaced, finishing their connections; released by {@link #sweepRetired()}. */
    private final List<Retired> retired = new ArrayList<>();
    private Binds binds;
    private ScheduledExecutorService sweeper;
    private LoopResources loops;
    /** One UDP socket for every proxy's syslog lines (HTTP mode may share it). */
    private SyslogSender syslog;
    private TcpResources tcp;
    private ProxyLimits limits;
    private volatile boolean running;
    /** Set by the first stop signal: readiness turns false before anything else stops. */
    private volatile boolean stopping;

    public DataPlane(Registry registry, LoadedConfig loaded) {
        disableLeakTrackingUnlessAsked();
        this.registry = registry;
        this.globalMaxconn = loaded.config().global().maxconn();
    }

    /**
     * Netty's default leak tracking samples one buffer in 128 and records stack traces for it; a JFR
     * allocation profile under keep-alive load put a fifth of the data plane's allocated bytes there,
     * and the young collections it causes show in the p99. It is a debugging aid: whoever sets
     * {@code -Dio.netty.leakDetection.level} (the tests run it at paranoid) keeps what they set.
     */
    private static void disableLeakTrackingUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    @Override
    public synchronized void start() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        loops = LoopResources.create("lbgate", threads, true);
        log.info("Data plane: {} event loops on {}", threads,
                transport(loops.onChannelClass(SocketChannel.class, loops.onServer(true))));
        binds = new Binds(loops);
        try {
            binds.openAll(registry.frontends().stream().map(Frontend::config).toList());
            frontends.addAll(startFrontends(globalMaxconn));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lbgate-retired-frontends");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepRetired, 1, 1, TimeUnit.SECONDS);
        running = true;
    }

    /** A frontend for every frontend of the registry, each taking over its bind sockets. */
    private List<ListeningFrontend> startFrontends(int maxconn) {
        if (syslog == null && anyLogTarget()) {
            syslog = SyslogSender.start(loops); // as HAProxy, only once some proxy logs somewhere
        }
        limits = new ProxyLimits(maxconn);
        tcp = new TcpResources(limits, syslog);
        List<ListeningFrontend> started = new ArrayList<>();
        for (Frontend frontend : registry.frontends()) {
            ListeningFrontend listening = create(frontend);
            listening.start(binds);
            started.add(listening);
            log.info("Frontend '{}' ({}) listening on {}", frontend.name(), frontend.config().mode().keyword(),
                    frontend.config().binds().stream().map(b -> b.display()).toList());
        }
        return started;
    }

    // ---- reload ----

    /**
     * A reload's first step, before anything changes: opens the sockets of {@code next}'s bind
     * addresses that are not open yet. All or nothing: on a failure the ones just opened close
     * again and the running configuration is untouched.
     *
     * @throws BindFailedException when an address cannot be bound (in use by another process...)
     */
    public synchronized void openBinds(GatewayConfig next) {
        requireRunning();
        binds.openAll(next.frontends());
    }

    /**
     * A reload's last step, once the registry holds {@code next}: a new frontend per configured
     * frontend takes over the bind sockets (the ports never stop listening), the previous frontends
     * retire (SoftStop asks their HTTP connections to close between requests; requests in flight
     * finish on the settings they started with; TCP sessions run on) and are released once their
     * last connection ends, or their connections are closed after {@code hard-stop-after}. Sockets
     * whose address is gone close.
     */
    public synchronized void takeOver(GatewayConfig next) {
        requireRunning();
        List<ListeningFrontend> previous = List.copyOf(frontends);
        frontends.clear();
        frontends.addAll(startFrontends(next.global().maxconn()));
        previous.forEach(ListeningFrontend::stopAccepting);
        binds.closeUnused(next.frontends());
        previous.forEach(ListeningFrontend::softStop);
        retired.add(new Retired(previous, System.nanoTime() + next.global().stopDeadline().toNanos()));
    }

    /** Releases retired frontends with no connection left; ends those past their deadline. */
    private synchronized void sweepRetired() {
        long now = System.nanoTime();
        for (Iterator<Retired> it = retired.iterator(); it.hasNext(); ) {
            Retired r = it.next();
            boolean overdue = now - r.deadlineNanos() >= 0;
            if (overdue) {
                r.frontends().forEach(ListeningFrontend::closeConnections);
            }
            if (overdue || r.liveConnections() == 0) {
                r.frontends().forEach(ListeningFrontend::release);
                it.remove();
            }
        }
    }

    /** The frontends a reload replaced, still finishing their connections. */
    private record Retired(List<ListeningFrontend> frontends, long deadlineNanos) {
        int liveConnections() {
            return frontends.stream().mapToInt(ListeningFrontend::liveConnections).sum();
        }
    }

    private void requireRunning() {
        if (!running || stopping) {
            throw new IllegalStateException("the data plane is " + (stopping ? "stopping" : "not running"));
        }
    }

    // ---- stop ----

    /**
     * A stop's second step (after {@link #markStopping()} and the {@code grace}): every socket
     * closes, so new connections are refused, and every connection is asked to finish
     * ({@link SoftStop}).
     */
    public synchronized void stopAccepting() {
        markStopping();
        frontends.forEach(ListeningFrontend::stopAccepting);
        if (binds != null) {
            binds.closeAll();
        }
        frontends.forEach(ListeningFrontend::softStop);
    }

    /** Client connections still open, in the current frontends and in those a reload retired. */
    public synchronized int liveConnections() {
        return frontends.stream().mapToInt(ListeningFrontend::liveConnections).sum()
                + retired.stream().mapToInt(Retired::liveConnections).sum();
    }

    /** Closes every client connection still open: the end of a stop's deadline, or a second signal. */
    public synchronized void closeConnections() {
        frontends.forEach(ListeningFrontend::closeConnections);
        retired.forEach(r -> r.frontends().forEach(ListeningFrontend::closeConnections));
    }

    /** io_uring, epoll or nio: the transport Reactor Netty chose for this kernel and sandbox. */
    private static String transport(Class<?> socketChannel) {
        String name = socketChannel.getSimpleName();
        if (name.startsWith("IoUring")) {
            return "io_uring";
        }
        return name.startsWith("Epoll") ? "epoll" : "nio";
    }

    private ListeningFrontend create(Frontend frontend) {
        FrontendConfig config = frontend.config();
        return config.mode() == ProxyMode.HTTP
                ? new HttpFrontend(frontend, registry, loops, syslog, limits)
                : new TcpFrontend(frontend, registry, loops, tcp);
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        frontends.forEach(ListeningFrontend::stopAccepting);
        if (binds != null) {
            binds.closeAll();
        }
        frontends.forEach(ListeningFrontend::release);
        frontends.clear();
        retired.forEach(r -> r.frontends().forEach(ListeningFrontend::release));
        retired.clear();
        if (syslog != null) {
            syslog.close();
            syslog = null;
        }
        if (loops != null) {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
            loops = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Whether this process can take traffic: every frontend is bound and no stop has begun. What
     * readiness probes (Kubernetes, keepalived's {@code vrrp_script}, the container's health check)
     * report.
     */
    public boolean serving() {
        return running && !stopping;
    }

    /** Marks the start of a stop: {@link #serving()} turns false at once; nothing else changes here. */
    public void markStopping() {
        stopping = true;
    }

    /** As HAProxy, no log socket is opened when no proxy has a {@code log} target. */
    private boolean anyLogTarget() {
        return registry.frontends().stream().anyMatch(f -> !f.config().log().targets().isEmpty());
    }
}
