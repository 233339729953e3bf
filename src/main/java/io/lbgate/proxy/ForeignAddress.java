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

    private ForeignAddress() {
    }

    /**
     * Makes {@code channel} transparent as far as this process may, and says in the log what falls
     * short. Before the bind for a foreign address ({@code IP_FREEBIND} only matters then).
     */
    static void apply(ServerSocketChannel channel, String display) {
        ChannelOption<Boolean> transparent = option(channel, true);
        ChannelOption<Boolean> freebind = option(channel, false);
        if (transparent == null) {
            log.warn("bind {} transparent: the {} transport has no IP_TRANSPARENT; the address must be held by this"
                    + " host, and connections stop answering when it moves away", display,
                    channel.getClass().getSimpleName());
            return;
        }
        try {
            channel.config().setOption(transparent, true);
        } catch (ChannelException notPermitted) {
            channel.config().setOption(freebind, true);
            log.warn("bind {} transparent: IP_TRANSPARENT not permitted ({}); bound with IP_FREEBIND instead. Give"
                    + " the process CAP_NET_ADMIN, or connections in flight when the address moves to the other"
                    + " node lose their answers", display, notPermitted.getMessage());
        }
    }

    /** Turns {@code IP_TRANSPARENT} off again (turning an option off needs no privilege). */
    static void clear(ServerSocketChannel channel) {
        ChannelOption<Boolean> transparent = option(channel, true);
        if (transparent != null) {
            channel.config().setOption(transparent, false);
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
