package io.lbgate.proxy;

import io.lbgate.config.FrontendConfig;
import io.lbgate.config.LoadedConfig;
import io.lbgate.logging.SyslogSender;
import io.lbgate.config.ProxyMode;
import io.lbgate.proxy.http.HttpFrontend;
import io.lbgate.proxy.tcp.TcpFrontend;
import io.lbgate.proxy.tcp.TcpResources;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import io.netty.channel.socket.SocketChannel;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one Reactor Netty server per frontend on the application's lifecycle, on event loops of
 * its own: the data plane never shares threads with the control plane, so a slow stats page
 * cannot delay traffic.
 */
@Component
public final class DataPlane implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final Registry registry;
    private final int globalMaxconn;
    private final List<ListeningFrontend> frontends = new ArrayList<>();
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
        syslog = anyLogTarget() ? SyslogSender.start(loops) : null;
        limits = new ProxyLimits(globalMaxconn);
        tcp = new TcpResources(limits, syslog);
        try {
            for (Frontend frontend : registry.frontends()) {
                ListeningFrontend listening = create(frontend);
                listening.start();
                frontends.add(listening);
                log.info("Frontend '{}' ({}) listening on {}", frontend.name(), frontend.config().mode().keyword(),
                        frontend.config().binds().stream().map(b -> b.display()).toList());
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        running = true;
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
        frontends.forEach(ListeningFrontend::stop);
        frontends.clear();
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
