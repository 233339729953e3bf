package io.lbgate.lifecycle;

import io.lbgate.config.ProblemPrinter;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.ServerStateFiles;
import io.lbgate.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the server-state files once, at start, before health checks and traffic begin (as HAProxy
 * does before it handles traffic). A reload does not read them again: the running process keeps
 * every server's state itself (see docs/reload-and-stop.md).
 */
final class ServerStateAtStart implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ServerStateAtStart.class);

    private final ServerStateFiles files;
    private final Registry registry;
    private volatile boolean running;

    ServerStateAtStart(LoadedConfig loaded, Registry registry) {
        this.files = loaded.config().global().serverState();
        this.registry = registry;
    }

    @Override
    public void start() {
        running = true;
        if (files.byBackend().isEmpty()) {
            return;
        }
        long pid = ProcessHandle.current().pid();
        ServerStateFile.load(files, registry).forEach(w -> log.warn(ProblemPrinter.format("WARNING", w, pid)));
        log.info("Server state loaded for backend(s) {}", files.byBackend().keySet());
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the demo backends (-100), the health checks (100) and the data plane. */
    @Override
    public int getPhase() {
        return -200;
    }
}
