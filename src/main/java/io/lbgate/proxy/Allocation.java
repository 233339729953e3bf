package io.lbgate.proxy;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How the data plane's sockets allocate: what every connection would otherwise carry on its own.
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

    /** Applies the shared settings to a new data-plane socket, before its first read. */
    public static void apply(Channel channel) {
        channel.config().setRecvByteBufAllocator(RECEIVE);
    }
}
