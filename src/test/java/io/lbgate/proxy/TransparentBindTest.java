package io.lbgate.proxy;

import io.lbgate.config.BindAddress;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.Timeouts;
import io.lbgate.support.FreePorts;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code bind ... transparent} on the listening socket: an address this host does not hold can be
 * bound with it and not without it, and a reload that adds or removes the keyword on an address
 * already listening changes the live socket. Needs {@code CAP_NET_ADMIN} (the tests run as root) and
 * a native transport.
 */
class TransparentBindTest {
    /** TEST-NET-3: never an address of this host. */
    private static final String FOREIGN = "203.0.113.77";

    private final LoopResources loops = LoopResources.create("transparent-test", 1, true);
    private final Binds binds = new Binds(loops);

    @AfterEach
    void close() {
        binds.closeAll();
        loops.dispose();
    }

    @Test
    void anAddressThisHostDoesNotHoldBindsOnlyWithTransparent() {
        assumeRoot();
        int port = FreePorts.next();
        assertThatThrownBy(() -> binds.openAll(List.of(frontend(new BindAddress(FOREIGN, port, false, false)))))
                .isInstanceOf(BindFailedException.class);

        BindAddress transparent = new BindAddress(FOREIGN, port, false, true);
        binds.openAll(List.of(frontend(transparent)));
        assertThat(transparentOption(binds.listener(transparent))).isTrue();
    }

    @Test
    void aReloadTurnsItOnAndOffOnTheLiveSocket() {
        assumeRoot();
        int port = FreePorts.next();
        BindAddress plain = new BindAddress("127.0.0.1", port, false, false);
        BindAddress transparent = new BindAddress("127.0.0.1", port, false, true);
        binds.openAll(List.of(frontend(plain)));
        Listener listener = binds.listener(plain);
        assertThat(transparentOption(listener)).isFalse();

        binds.openAll(List.of(frontend(transparent)));
        assertThat(binds.listener(transparent)).as("the same socket").isSameAs(listener);
        assertThat(transparentOption(listener)).isTrue();

        binds.openAll(List.of(frontend(plain)));
        assertThat(transparentOption(listener)).isFalse();
    }

    private static void assumeRoot() {
        assumeThat(System.getProperty("user.name")).as("IP_TRANSPARENT needs CAP_NET_ADMIN").isEqualTo("root");
    }

    private static boolean transparentOption(Listener listener) {
        var channel = listener.channel();
        ChannelOption<Boolean> option = channel instanceof IoUringServerSocketChannel ? IoUringChannelOption.IP_TRANSPARENT
                : channel instanceof EpollServerSocketChannel ? EpollChannelOption.IP_TRANSPARENT : null;
        assumeThat(option).as("a native transport (io_uring or epoll)").isNotNull();
        return channel.config().getOption(option);
    }

    private static FrontendConfig frontend(BindAddress bind) {
        return new FrontendConfig("fe", 1, ProxyMode.HTTP, List.of(bind), 0, "be", Timeouts.NONE,
                HttpConnectionMode.KEEP_ALIVE, null, LogSettings.NONE, false);
    }
}
