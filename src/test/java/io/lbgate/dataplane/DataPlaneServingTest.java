package io.lbgate.dataplane;

import io.lbgate.balance.Balancers;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DataPlane#serving()}, what readiness reports: false until every frontend listens, false
 * again from the first stop signal, and never true after a start that could not bind everything.
 */
class DataPlaneServingTest {
    @TempDir
    Path dir;

    @Test
    void servingOnlyOnceEveryFrontendListensAndUntilAStopBegins() throws IOException {
        int first = FreePorts.next();
        int second = FreePorts.next();
        DataPlane dataPlane = dataPlane(first, second);
        try {
            assertThat(dataPlane.serving()).isFalse();
            assertThat(accepts(first)).isFalse();

            dataPlane.start();

            assertThat(accepts(first)).isTrue();
            assertThat(accepts(second)).isTrue();
            assertThat(dataPlane.serving()).isTrue();

            dataPlane.markStopping();
            assertThat(dataPlane.serving()).isFalse();
        } finally {
            dataPlane.stop();
        }
    }

    @Test
    void aFrontendThatCannotListenLeavesItNotServingAndNothingOpen() throws IOException {
        int free = FreePorts.next();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            DataPlane dataPlane = dataPlane(free, taken.getLocalPort());

            assertThatThrownBy(dataPlane::start).hasMessageContaining("cannot bind 127.0.0.1:" + taken.getLocalPort());

            assertThat(dataPlane.serving()).isFalse();
            assertThat(accepts(free)).isFalse();
        }
    }

    private DataPlane dataPlane(int first, int second) throws IOException {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    mode http
                    bind 127.0.0.1:%d
                    default_backend app
                frontend raw
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend raw_app
                backend app
                    mode http
                    server s1 127.0.0.1:%d
                backend raw_app
                    mode tcp
                    server s1 127.0.0.1:%d
                """.formatted(first, second, FreePorts.next(), FreePorts.next()));
        LoadedConfig loaded = HaproxyConfigReader.read(List.of(cfg));
        return new DataPlane(Registry.from(loaded.config(), Balancers::create), loaded);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
