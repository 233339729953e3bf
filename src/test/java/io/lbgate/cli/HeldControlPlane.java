package io.lbgate.cli;

import io.lbgate.registry.Registry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately slow control plane, for {@link DataPlaneFirstIntegrationTest} only (a start with
 * {@code --lbgate.test.hold-control-plane=true}): the context, while it builds its beans, waits here
 * until the test releases it, so that the test can look at the gateway while the Spring context is
 * still starting. It keeps the registry it was given, to show which registry the context got.
 */
@Component
@ConditionalOnProperty(name = "lbgate.test.hold-control-plane", havingValue = "true")
final class HeldControlPlane {
    private static volatile CountDownLatch reached = new CountDownLatch(1);
    private static volatile CountDownLatch release = new CountDownLatch(1);
    private static volatile Registry registry;

    HeldControlPlane(Registry registry) throws InterruptedException {
        HeldControlPlane.registry = registry;
        reached.countDown();
        if (!release.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the control plane");
        }
    }

    /** Arms the hold for the next start. */
    static void arm() {
        reached = new CountDownLatch(1);
        release = new CountDownLatch(1);
        registry = null;
    }

    /** Whether a starting context is waiting here now. */
    static boolean reached() {
        return reached.getCount() == 0;
    }

    /** The registry the context injected. */
    static Registry registry() {
        return registry;
    }

    static void release() {
        release.countDown();
    }
}
