package io.lbgate.lifecycle;

import io.lbgate.balance.Balancers;
import io.lbgate.config.GlobalSettings;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.dataplane.DataPlane;
import io.lbgate.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stop's wait when {@code grace} is not set: a node that holds the traffic (keepalived's VIP,
 * told by the pair package through {@link GracefulStop.HandOver}) keeps accepting until the traffic
 * has moved, or at most the hand-over's maximum; any other node, or an explicit {@code grace}, does
 * as HAProxy does. The data plane is real but not started (no frontends), so the stop's later steps
 * are immediate and only the wait is observed.
 */
class GracefulStopHandOverTest {
    @TempDir
    Path dir;

    private final AtomicBoolean holds = new AtomicBoolean(true);
    private final CountDownLatch exited = new CountDownLatch(1);

    @Test
    void aNodeHoldingTheTrafficKeepsAcceptingUntilItHasMoved() throws Exception {
        GracefulStop stop = stop(null, Duration.ofSeconds(60));

        stop.signal("SIGTERM");

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> stop.phase() == GracefulStop.Phase.GRACE && exited.getCount() == 1);
        holds.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> exited.getCount() == 0);
    }

    @Test
    void aNodeNotHoldingTheTrafficStopsAcceptingAtOnce() throws Exception {
        holds.set(false);
        GracefulStop stop = stop(null, Duration.ofSeconds(60));

        stop.signal("SIGTERM");

        await().atMost(Duration.ofSeconds(10)).until(() -> exited.getCount() == 0);
    }

    @Test
    void anExplicitGraceWinsOverTheHandOver() throws Exception {
        GracefulStop stop = stop(Duration.ZERO, Duration.ofSeconds(60));

        stop.signal("SIGTERM");

        await().atMost(Duration.ofSeconds(10)).until(() -> exited.getCount() == 0);
        assertThat(holds).isTrue();
    }

    @Test
    void aHandOverThatNeverComesEndsAtItsMaximum() throws Exception {
        GracefulStop stop = stop(null, Duration.ofMillis(300));

        stop.signal("SIGTERM");

        await().atMost(Duration.ofSeconds(10)).until(() -> exited.getCount() == 0);
        assertThat(holds).isTrue();
    }

    @Test
    void aSecondSignalEndsTheWait() throws Exception {
        GracefulStop stop = stop(null, Duration.ofSeconds(60));
        stop.signal("SIGTERM");
        await().atMost(Duration.ofSeconds(2)).until(() -> stop.phase() == GracefulStop.Phase.GRACE);

        stop.signal("SIGTERM");

        await().atMost(Duration.ofSeconds(10)).until(() -> exited.getCount() == 0);
    }

    private GracefulStop stop(Duration grace, Duration maximum) throws Exception {
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                frontend web
                    bind 127.0.0.1:1
                    default_backend app
                backend app
                    server s1 127.0.0.1:2
                """);
        LoadedConfig loaded = HaproxyConfigReader.read(List.of(cfg));
        DataPlane dataPlane = new DataPlane(Registry.from(loaded.config(), Balancers::create), loaded);
        GlobalSettings global = new GlobalSettings(0, List.of(), loaded.config().global().runtimeApi(), grace,
                Duration.ofSeconds(1), null);
        GracefulStop stop = new GracefulStop(dataPlane, () -> global, exited::countDown);
        stop.handOverWith(new GracefulStop.HandOver() {
            @Override
            public boolean holdsTraffic() {
                return holds.get();
            }

            @Override
            public Duration margin() {
                return Duration.ofMillis(50);
            }

            @Override
            public Duration maximum() {
                return maximum;
            }

            @Override
            public String describe() {
                return holds.get() ? "holding" : "moved";
            }
        });
        return stop;
    }
}
