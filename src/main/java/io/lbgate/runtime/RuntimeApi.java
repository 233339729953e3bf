package io.lbgate.runtime;

import io.lbgate.admin.AdminService;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.RuntimeApiSettings;
import io.lbgate.config.StatsSocket;
import io.lbgate.registry.Registry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's runtime API on every {@code stats socket}: starts with the application, before the
 * data plane takes traffic, and stops after it. All sockets share one thread of their own (Netty
 * NIO, which serves UNIX and TCP sockets alike), never the data plane's event loops, and at most
 * {@code stats maxconn} connections are served at once: a flood of API clients waits in the
 * backlog and cannot take CPU or memory from traffic.
 */
@Component
public final class RuntimeApi implements SmartLifecycle {
    static final String IDLE_HANDLER = "idle";
    private static final Logger log = LoggerFactory.getLogger(RuntimeApi.class);

    private final RuntimeApiSettings settings;
    private final ApiServices services;
    private final CommandTable table = new CommandTable();
    private final List<ApiSocket> sockets = new ArrayList<>();
    private EventLoopGroup loop;
    private volatile ApiConnections connections;
    private volatile boolean running;

    public RuntimeApi(LoadedConfig loaded, Registry registry, AdminService admin) {
        this.settings = loaded.config().global().runtimeApi();
        Clock clock = Clock.systemUTC();
        this.services = new ApiServices(registry, loaded.config(), admin, clock, clock.instant());
    }

    @Override
    public synchronized void start() {
        if (settings.sockets().isEmpty()) {
            running = true;
            return;
        }
        loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lbgate-runtime-api", true),
                NioIoHandler.newFactory());
        connections = new ApiConnections(settings.maxconn());
        try {
            int id = 1;
            for (StatsSocket socket : settings.sockets()) {
                sockets.add(ApiSocket.open(socket, loop, connections, clients(socket, id++)));
                log.info("Runtime API listening on {} (level {})", socket.display(), socket.level().word());
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        running = true;
    }

    private ChannelInitializer<Channel> clients(StatsSocket socket, int listenerId) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(IDLE_HANDLER,
                        new IdleStateHandler(settings.timeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                ch.pipeline().addLast(new LineBasedFrameDecoder(CommandLine.MAX_LENGTH, true, true));
                ch.pipeline().addLast(new CliSession(socket, listenerId, table, services, connections));
            }
        };
    }

    @Override
    public synchronized void stop() {
        sockets.forEach(ApiSocket::close);
        sockets.clear();
        if (loop != null) {
            ApiConnections c = connections;
            loop.submit(c::closeWaiting).syncUninterruptibly();
            c.sessions().forEach(s -> s.close());
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            loop = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Connections being served now (at most {@code stats maxconn}); 0 when stopped. */
    int servedConnections() {
        ApiConnections c = connections;
        return c == null ? 0 : c.active();
    }

    /** Before the data plane (phase {@code DEFAULT_PHASE}) starts, after it stops. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
