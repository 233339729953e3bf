package io.lbgate.proxy;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAProxy's {@code bind ... transparent}: a listening socket that may bind an address this host does
 * not hold, and whose connections keep answering from that address after the host gives it up.
 *
 * <p>The second half is what a keepalived pair needs (docs/high-availability.md). When the VIP
 * moves to the other node, the requests this node accepted a moment earlier are still being
 * answered; once the address is gone from the interface the kernel no longer routes packets whose
 * source it is, so those answers are dropped and the client waits for nothing. {@code IP_TRANSPARENT}
 * on the listening socket (inherited by every connection it accepts) lets them out. It needs
 * {@code CAP_NET_ADMIN}; without it, as HAProxy does, the socket falls back to {@code IP_FREEBIND},
 * which allows the bind only, and a warning says what is lost.
 */
final class ForeignAddress {
    private static final Logger log = LoggerFactory.getLogger(ForeignAddress.class);

    /** What a listening socket could be made. */
    enum Outcome {
        /** {@code IP_TRANSPARENT}: binds and keeps answering. */
        TRANSPARENT,
        /** {@code IP_FREEBIND} only: binds, but answers stop when the address leaves. */
        FREEBIND,
        /** The transport has neither option (NIO): an address not held cannot be bound. */
        NONE
    }

    private ForeignAddress() {
    }

    /** Makes {@code channel}, not bound yet, transparent as far as this process may; says how far. */
    static Outcome apply(ServerSocketChannel channel, String display) {
        ChannelOption<Boolean> transparent = option(channel, true);
        ChannelOption<Boolean> freebind = option(channel, false);
        if (transparent == null) {
            log.warn("bind {} transparent: the {} transport has no IP_TRANSPARENT; the address must be held by this"
                    + " host, and connections stop answering when it moves away", display,
                    channel.getClass().getSimpleName());
            return Outcome.NONE;
        }
        try {
            channel.config().setOption(transparent, true);
            return Outcome.TRANSPARENT;
        } catch (ChannelException notPermitted) {
            channel.config().setOption(freebind, true);
            log.warn("bind {} transparent: IP_TRANSPARENT not permitted ({}); bound with IP_FREEBIND instead. Give"
                    + " the process CAP_NET_ADMIN, or connections in flight when the address moves to the other"
                    + " node lose their answers", display, notPermitted.getMessage());
            return Outcome.FREEBIND;
        }
    }

    /** Turns {@code IP_TRANSPARENT} off again; {@code true} when it is off now. */
    static boolean clear(ServerSocketChannel channel) {
        ChannelOption<Boolean> transparent = option(channel, true);
        if (transparent == null) {
            return true;
        }
        try {
            channel.config().setOption(transparent, false);
            return true;
        } catch (ChannelException e) {
            return false;
        }
    }

    private static ChannelOption<Boolean> option(ServerSocketChannel channel, boolean transparent) {
        if (channel instanceof IoUringServerSocketChannel) {
            return transparent ? IoUringChannelOption.IP_TRANSPARENT : IoUringChannelOption.IP_FREEBIND;
        }
        if (channel instanceof EpollServerSocketChannel) {
            return transparent ? EpollChannelOption.IP_TRANSPARENT : EpollChannelOption.IP_FREEBIND;
        }
        return null;
    }
}
