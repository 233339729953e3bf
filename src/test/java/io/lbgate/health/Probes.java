package io.lbgate.health;

import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs single probes against the first server of a registry, on a scheduler's event loop. */
final class Probes implements AutoCloseable {
    private final CheckScheduler scheduler;

    Probes() {
        this.scheduler = new CheckScheduler(Cfg.registry("backend none\n"), 1);
    }

    /** One probe of {@code server} as its configuration says, waited for. */
    CheckResult probe(Server server) throws Exception {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        scheduler.probeOnce(server, result::complete);
        return result.get(10, TimeUnit.SECONDS);
    }

    static Server first(Registry registry) {
        return registry.servers().get(0);
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
