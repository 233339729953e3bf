package io.lbgate.peers;

import io.lbgate.config.PeersConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The peer links of this node, on one Netty thread of their own ({@code lbgate-peers}), apart from
 * the data plane: it listens on its own peer line's address, dials every other peer (again after a
 * backoff whenever that fails or drops), sends each link this node's known admin state when it
 * opens, then every local operator change. Both nodes dial, so a pair may hold two links at once;
 * entries are idempotent (last writer wins), so that only costs a connection. A peer that is down
 * costs a timer; nothing here is on the path of a request.
 */
public final class PeerLinks implements SmartLifecycle, PeerConnection.Owner {
    private static final Logger log = LoggerFactory.getLogger(PeerLinks.class);
    /** Refused strangers are logged at most this often (a port scan must not flood the log). */
    private static final long REFUSAL_LOG_MILLIS = 5_000;

    private final PeerSettings settings;
    private final SharedAdminState state;
    private final BiConsumer<PeerConnection, AdminEntry> apply;
    private final Clock clock;
    private final Map<String, Remote> remotes = new LinkedHashMap<>();
    private final Set<PeerConnection> open = ConcurrentHashMap.newKeySet();
    private EventLoopGroup loop;
    private ChannelGroup channels;
    private volatile boolean running;
    /** When a refusal of each kind was last logged, and how many since were not. */
    private final Map<String, long[]> refusalLog = new java.util.HashMap<>();

    /** One other peer: where it is, how reachable, when to dial next. */
    private static final class Remote {
        final PeersConfig.Peer peer;
        final PeerReachability reachability;
        // Written by the start (first dial) and then only on the peers' thread.
        volatile long backoffMillis;
        volatile Instant dialledAt;

        /** Counted down once the peer's state arrived or the peer proved unreachable: the start waits on it. */
        final java.util.concurrent.CountDownLatch firstAnswer = new java.util.concurrent.CountDownLatch(1);

        Remote(PeersConfig.Peer peer, PeerReachability reachability) {
            this.peer = peer;
            this.reachability = reachability;
        }
    }

    /**
     * @param apply applies a peer's entry that {@code state} found newer (the admin service's change)
     */
    PeerLinks(PeerSettings settings, SharedAdminState state, BiConsumer<PeerConnection, AdminEntry> apply,
              Clock clock) {
        this.settings = settings;
        this.state = state;
        this.apply = apply;
        this.clock = clock;
        for (PeersConfig.Peer p : settings.remotes()) {
            remotes.put(p.name(), new Remote(p, new PeerReachability(p.name(), p.display(), clock)));
        }
    }

    @Override
    public synchronized void start() {
        loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lbgate-peers", true),
                NioIoHandler.newFactory());
        channels = new DefaultChannelGroup("lbgate-peers", GlobalEventExecutor.INSTANCE);
        running = true;
        listen();
        remotes.values().forEach(r -> {
            r.backoffMillis = settings.timings().minBackoff().toMillis();
            dial(r);
        });
        log.info("Peers section '{}': this node is '{}', sharing admin state with {}", settings.section(),
                settings.node(), remotes.values().stream().map(r -> r.peer.name() + " " + r.peer.display()).toList());
        awaitFirstAnswers();
    }

    /**
     * A node that starts while its peer is up takes the peer's state before it reports ready (the
     * readiness group waits for the context's start, which waits for this), so the VIP's traffic
     * never reaches a server drained on the peer.
     * The wait ends as soon as each peer answered or failed, and at most after
     * {@link PeerTimings#startWait()}: a peer that is down costs a refused connect, one that is
     * unreachable the bounded wait, and traffic then starts regardless.
     */
    private void awaitFirstAnswers() {
        long deadline = System.nanoTime() + settings.timings().startWait().toNanos();
        for (Remote r : remotes.values()) {
            if (!r.peer.hasAddress()) {
                continue;
            }
            try {
                if (!r.firstAnswer.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.info("Peer {}: no answer within {} ms of the start; serving with this node's state until"
                            + " it answers", r.peer.name(), settings.timings().startWait().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void listen() {
        PeersConfig.Peer local = settings.local();
        if (!local.hasAddress()) {
            log.warn("Peer {} (this node) has no <addr>:<port>: peers cannot connect here; this node still dials"
                    + " them", local.name());
            return;
        }
        ChannelFuture bound = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(initializer(null)).bind(local.host(), local.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            log.error("Peers: cannot listen on {} ({}): peers cannot connect here; this node still dials them,"
                    + " traffic is not affected", local.display(), bound.cause().getMessage());
            return;
        }
        channels.add(bound.channel());
        log.info("Peers: listening on {} for peers of section '{}'", local.display(), settings.section());
    }

    private ChannelInitializer<Channel> initializer(String peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                channels.add(ch);
                ch.pipeline().addLast(new IdleStateHandler(settings.timings().idle().toMillis(), 0, 0,
                        TimeUnit.MILLISECONDS));
                ch.pipeline().addLast(new PeerConnection(PeerLinks.this, peer, settings.timings()));
            }
        };
    }

    private void dial(Remote r) {
        if (!running) {
            return;
        }
        if (!r.peer.hasAddress()) {
            return; // it may dial here; the reader warned about the missing address
        }
        r.dialledAt = clock.instant();
        new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timings().connect().toMillis())
                .handler(initializer(r.peer.name()))
                .connect(new InetSocketAddress(r.peer.host(), r.peer.port()))
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        r.firstAnswer.countDown();
                        r.reachability.attemptFailed(describe(f.cause()));
                        redial(r);
                    }
                });
    }

    /** After a failed dial or the end of the dialled link; a link that lasted resets the backoff. */
    private void redial(Remote r) {
        if (!running) {
            return;
        }
        long lived = r.dialledAt == null ? 0 : clock.millis() - r.dialledAt.toEpochMilli();
        long min = settings.timings().minBackoff().toMillis();
        long wait = lived >= settings.timings().stable().toMillis() ? min : r.backoffMillis;
        r.backoffMillis = Math.min(settings.timings().maxBackoff().toMillis(), Math.max(min, wait * 2));
        // A little jitter, so that two nodes restarted together do not dial in lockstep.
        long jittered = wait + (long) (Math.random() * wait / 4);
        loop.schedule(() -> dial(r), jittered, TimeUnit.MILLISECONDS);
    }

    /** Sends a local operator change to every open link; from any thread. */
    void broadcast(AdminEntry entry) {
        open.forEach(c -> c.send(List.of(entry)));
    }

    // ---- PeerConnection.Owner ----

    @Override
    public String node() {
        return settings.node();
    }

    @Override
    public PeerSecret secret() {
        return settings.secret();
    }

    @Override
    public String refusal(String name) {
        return remotes.containsKey(name) ? null
                : "no peer '" + name + "' in section '" + settings.section() + "' of this node";
    }

    @Override
    public void opened(PeerConnection connection) {
        open.add(connection);
        remotes.get(connection.peer()).reachability.linkOpened();
        List<AdminEntry> snapshot = state.snapshot();
        log.debug("Peer {}: link open ({}), sending {} entries", connection.peer(),
                connection.dialer() ? "dialled" : "accepted", snapshot.size());
        connection.sendSnapshot(snapshot);
    }

    @Override
    public void received(PeerConnection connection, List<AdminEntry> entries) {
        for (AdminEntry e : entries) {
            if (state.merge(e)) {
                apply.accept(connection, e);
            }
        }
        remotes.get(connection.peer()).firstAnswer.countDown();
    }

    @Override
    public void closed(PeerConnection connection, String reason, boolean wasOpen) {
        open.remove(connection);
        if (!running) {
            return; // this node is stopping: its own links closing say nothing about the peer
        }
        Remote r = connection.peer() == null ? null : remotes.get(connection.peer());
        if (r != null && connection.dialer()) {
            r.firstAnswer.countDown();
        }
        if (wasOpen && r != null) {
            r.reachability.linkClosed(reason);
        } else if (connection.dialer() && r != null) {
            r.reachability.attemptFailed(reason);
        } else if (!wasOpen && running) {
            refused(connection, reason);
        }
        if (connection.dialer() && r != null) {
            redial(r);
        }
    }

    /** A connection from a stranger, or from a peer that failed to authenticate. */
    private synchronized void refused(PeerConnection connection, String reason) {
        long now = clock.millis();
        // The kind is the reason up to its details ("not lbgate's peer protocol", "authentication failed").
        String kind = reason.split("[(:]", 2)[0];
        if (refusalLog.size() > 64) {
            refusalLog.clear();
        }
        long[] last = refusalLog.computeIfAbsent(kind, k -> new long[] {Long.MIN_VALUE / 2, 0});
        if (now - last[0] < REFUSAL_LOG_MILLIS) {
            last[1]++;
            return;
        }
        String more = last[1] > 0 ? " (and " + last[1] + " such refusals not logged)" : "";
        last[0] = now;
        last[1] = 0;
        log.warn("Peers: refused connection from {}{}: {}; traffic is not affected{}", connection.remoteDisplay(),
                connection.peer() == null ? "" : " (says it is peer " + connection.peer() + ")", reason, more);
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        return m == null ? cause.getClass().getSimpleName() : m;
    }

    /** One line per peer for the stats page header. */
    public List<String> statusLines() {
        return remotes.values().stream().map(r -> r.reachability.line()).toList();
    }

    /** The peer's reachability now, by name; for tests and the stats page. */
    PeerReachability.State reachability(String peer) {
        return remotes.get(peer).reachability.state();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (loop != null) {
            channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
