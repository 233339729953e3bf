package io.lbgate.proxy;

import io.lbgate.support.FreePorts;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A connect that fails leaves no socket open: callers only see the failed future. The io_uring
 * channel (the data plane's transport where the kernel has it) keeps its socket open after a
 * refused connect unless someone closes it; NIO closes it itself.
 */
class SocketChannelsTest {
    @Test
    void aRefusedConnectClosesItsSocketOnIoUring() {
        assumeThat(IoUring.isAvailable()).as("io_uring on this kernel").isTrue();
        refusedConnectCloses(new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory()), IoUringSocketChannel.class);
    }

    @Test
    void aRefusedConnectClosesItsSocketOnNio() {
        refusedConnectCloses(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), NioSocketChannel.class);
    }

    private static void refusedConnectCloses(MultiThreadIoEventLoopGroup group, Class<? extends SocketChannel> type) {
        try {
            EventLoop loop = group.next();
            InetSocketAddress closedPort = new InetSocketAddress("127.0.0.1", FreePorts.next());
            SocketChannel channel = SocketChannels.forPeer(type, closedPort);
            ChannelFuture connected = SocketChannels.connect(loop, channel, closedPort);

            await().atMost(Duration.ofSeconds(10)).until(connected::isDone);
            assertThat(connected.isSuccess()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isOpen());
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
