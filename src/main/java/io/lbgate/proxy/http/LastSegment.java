package io.lbgate.proxy.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The last response on a client connection leaves in the same TCP segment as the connection's FIN,
 * when its length is known and it fits in one segment.
 *
 * <p>Why: a client that opens a connection per request acknowledges each segment at once. When a
 * keepalived VIP moves to the other node of a pair while a response is on its way, that
 * acknowledgement reaches the other node, which knows no such connection and answers with a reset;
 * if the reset arrives before this node's FIN, the client loses a response it had received in full
 * (seen in {@code KeepalivedPairIT}: response, then the reset 13 µs later, then the FIN 150 µs after
 * the response). With the FIN in the response's own segment, the client has the response and its
 * end before it acknowledges anything. It also saves a packet per closing response.
 *
 * <p>How: {@code TCP_CORK} from the response head on, so the kernel holds partial segments; the
 * close then shuts the output first, which appends the FIN to the held segment and sends it, before
 * the socket is closed (a close with unread request bytes would reset instead and drop what is
 * held). Only for responses whose length is known ({@code Content-Length}, or no body): the client
 * waits for all of it anyway, so holding a partial segment until the next one or the end delays
 * nothing it could use; a chunked or close-delimited stream is never corked. Linux sends a corked
 * partial segment after 200 ms at the latest.
 */
final class LastSegment {
    /** Shuts the output (data and FIN leave together), then closes. */
    static final ChannelFutureListener SHUT_OUTPUT_AND_CLOSE = written -> {
        Channel channel = written.channel();
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    };

    private LastSegment() {
    }

    /** Corks {@code channel}; {@code false} when its transport cannot (NIO), or it failed. */
    static boolean cork(Channel channel) {
        ChannelOption<Boolean> cork = option(channel);
        if (cork == null) {
            return false;
        }
        try {
            return channel.config().setOption(cork, true);
        } catch (ChannelException closedMeanwhile) {
            return false;
        }
    }

    private static ChannelOption<Boolean> option(Channel channel) {
        if (channel instanceof IoUringSocketChannel) {
            return IoUringChannelOption.TCP_CORK;
        }
        if (channel instanceof EpollSocketChannel) {
            return EpollChannelOption.TCP_CORK;
        }
        return null;
    }
}
