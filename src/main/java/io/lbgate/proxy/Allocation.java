package io.lbgate.proxy;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How the process allocates for its sockets: settings that must be made before Netty and Reactor
 * Netty load ({@link #configureProcess()}), and what every connection would otherwise carry on its
 * own ({@link #apply}).
 *
 * <p>Event loops: every event loop on io_uring pre-allocates its ring and 1,024 message headers
 * (about 0.5 MiB of Java heap in 8,000 small direct-buffer objects, plus native memory), whether its
 * thread ever starts or not. The data plane and the health checks make their own loops; the control
 * plane (stats page, Actuator) ran on Reactor Netty's default group, which makes
 * {@code max(cores, 4)} io_uring loops. It needs one loop and no native transport: it gets one NIO
 * loop. On this 2-core machine that is 4 io_uring loops fewer (7 to 3), about 2 MiB less live heap,
 * which G1 turns into about three times as much committed heap.
 *
 * <p>Receive sizing: Netty gives each new channel its own {@code AdaptiveRecvByteBufAllocator}, a
 * 32-byte object that holds only settings (the adaptive state is in the per-channel handle it
 * makes). Every data-plane socket shares one with the same defaults instead, as a bootstrap's child
 * option would; with tens of thousands of idle connections that is about a megabyte of heap.
 */
public final class Allocation {
    private static final RecvByteBufAllocator RECEIVE = new AdaptiveRecvByteBufAllocator();

    private Allocation() {
    }

    /**
     * Sets the control plane's Reactor Netty defaults (one NIO event loop) unless the operator set
     * them with {@code -D}. Call first thing in {@code main}, before any Netty or Reactor Netty class
     * loads: Reactor Netty reads them once. The data plane and the health checks name their
     * transport and loop count explicitly and are not affected.
     */
    public static void configureProcess() {
        setIfAbsent("reactor.netty.ioWorkerCount", "1");
        setIfAbsent("reactor.netty.native", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Applies the shared settings to a new data-plane socket, before its first read. */
    public static void apply(Channel channel) {
        channel.config().setRecvByteBufAllocator(RECEIVE);
    }
}
