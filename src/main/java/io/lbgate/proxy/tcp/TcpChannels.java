package io.lbgate.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;

/** How a TCP session moves bytes and ends each side: backpressure, half-close, close, reset. */
final class TcpChannels {
    private TcpChannels() {
    }

    /** Writes {@code buf} (the write releases it) and stops reading while the peer is saturated. */
    static void forward(Channel from, Channel to, ByteBuf buf) {
        to.write(buf, to.voidPromise());
        if (!to.isWritable()) {
            // Stop reading before flushing: a flush that drains at once re-enables reading through
            // the writability event, which must find reading already stopped.
            from.config().setAutoRead(false);
            to.flush();
        }
    }

    /** Shuts {@code channel}'s output (the peer reads end of stream) once every earlier write is out. */
    static void shutdownOutputAfterWrites(Channel channel) {
        // Writes complete in order, so this empty write's completion follows every earlier byte.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
                duplex.shutdownOutput();
            }
        });
    }

    /** Closes {@code channel} once every earlier write is out. */
    static void closeAfterWrites(Channel channel) {
        if (channel.isOpen()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets a reset rather than a FIN. */
    static void reset(Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // already closing: a plain close is all that is left
            }
            channel.close();
        }
    }
}
