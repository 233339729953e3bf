package io.lbgate.logging;

import io.lbgate.config.LogTarget;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends log lines to syslog servers over UDP, RFC 3164 framed as HAProxy does (see
 * {@link SyslogMessage}), from one unconnected datagram channel on the data plane's event loops.
 *
 * <p>Never blocks the caller: {@link #send} hands the datagram to the channel's event loop and
 * returns. When the socket's send buffer is full the line is dropped rather than
 * queued, so a dead or slow log server cannot grow memory — UDP
 * syslog is lossy by nature and HAProxy drops in the same situation. Thread-safe.
 */
public final class SyslogSender implements AutoCloseable {
    /** HAProxy's default tag is its program name; keeping it lets existing syslog filters match. */
    public static final String DEFAULT_TAG = "haproxy";

    private final Channel channel;
    private final String tag;
    private final long pid;
    private final Clock clock;
    private final ConcurrentHashMap<LogTarget, Resolved> targets = new ConcurrentHashMap<>();

    private SyslogSender(Channel channel, String tag, long pid, Clock clock) {
        this.channel = channel;
        this.tag = tag;
        this.pid = pid;
        this.clock = clock;
    }

    /** Opens the datagram channel on {@code loops}; tag {@code haproxy}, this process's pid. */
    public static SyslogSender start(LoopResources loops) {
        return start(loops, DEFAULT_TAG, Clock.systemDefaultZone());
    }

    /**
     * Opens the datagram channel on {@code loops}.
     *
     * @param tag   the program name in each message
     * @param clock its zone gives the local time of the syslog timestamp
     */
    public static SyslogSender start(LoopResources loops, String tag, Clock clock) {
        EventLoopGroup group = loops.onClient(LoopResources.hasNativeSupport());
        Channel channel = new Bootstrap()
                .group(group)
                .channel(loops.onChannelClass(DatagramChannel.class, group))
                .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                .bind(0)
                .syncUninterruptibly()
                .channel();
        return new SyslogSender(channel, tag, ProcessHandle.current().pid(), clock);
    }

    /** Sends {@code line} at {@code severity} to every target whose level lets it through. */
    public void send(List<LogTarget> targets, int severity, String line) {
        if (targets.isEmpty()) {
            return;
        }
        LocalDateTime now = LocalDateTime.now(clock);
        for (LogTarget target : targets) {
            Resolved r = resolve(target);
            if (severity <= r.maxSeverity) {
                send(r.address, SyslogMessage.format(r.facility, severity, now, tag, pid, line));
            }
        }
    }

    /** Sends a traffic log line (level info) to {@code targets}. */
    public void sendInfo(List<LogTarget> targets, String line) {
        send(targets, SyslogMessage.INFO, line);
    }

    private void send(InetSocketAddress address, String datagram) {
        if (!channel.isWritable()) {
            return;
        }
        ByteBuf buf = ByteBufUtil.writeUtf8(channel.alloc(), datagram);
        // The packet owns buf from here; the write releases it, sent or failed.
        channel.writeAndFlush(new DatagramPacket(buf, address), channel.voidPromise());
    }

    /** Resolves {@code targets} ahead of the first line, off the event loops. */
    public void resolveAll(List<LogTarget> targets) {
        targets.forEach(this::resolve);
    }

    /** Resolves a target once (address, facility, level) and remembers it. */
    private Resolved resolve(LogTarget target) {
        return targets.computeIfAbsent(target, t -> new Resolved(new InetSocketAddress(t.host(), t.port()),
                SyslogMessage.facility(t.facility()), SyslogMessage.severity(t.level())));
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }

    private record Resolved(InetSocketAddress address, int facility, int maxSeverity) {
    }
}
