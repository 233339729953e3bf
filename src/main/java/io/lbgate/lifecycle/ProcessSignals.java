package io.lbgate.lifecycle;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process's signals, as HAProxy's: SIGHUP reloads the configuration ({@link Reloader}), SIGTERM
 * and SIGUSR1 stop gracefully ({@link GracefulStop}). Installed by the command line once the
 * gateway runs, never in tests that start it in-process. SIGINT (Ctrl-C) keeps the JVM's default:
 * an immediate stop through Spring's shutdown hook.
 *
 * <p>{@code sun.misc.Signal} is the JDK's supported way to handle these (module jdk.unsupported,
 * open to every application on Java 17). A handler runs on a thread the JVM starts per signal; a
 * reload goes to one thread of its own so that SIGHUPs in a row queue up rather than overlap.
 */
public final class ProcessSignals {
    private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);

    private ProcessSignals() {
    }

    public static void install(GracefulStop stop, Reloader reloader) {
        ExecutorService reloads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lbgate-reload");
            t.setDaemon(true);
            return t;
        });
        handle("HUP", () -> reloads.execute(() -> reloader.reload("SIGHUP")));
        handle("TERM", () -> stop.signal("SIGTERM"));
        handle("USR1", () -> stop.signal("SIGUSR1"));
    }

    private static void handle(String name, Runnable action) {
        try {
            SignalHandler previous = Signal.handle(new Signal(name), s -> action.run());
            if (previous == SignalHandler.SIG_IGN) {
                // The JVM leaves a signal that the process inherited as ignored (nohup ignores
                // SIGHUP) ignored, and says so only by handing back SIG_IGN: without this line,
                // "kill -HUP" would do nothing, silently.
                log.warn("SIG{} is ignored in this process (started with nohup or under a parent that ignores it):"
                        + " it {}; start lbgate without nohup (e.g. with setsid or as a service) to use it",
                        name, consequence(name));
            }
        } catch (IllegalArgumentException e) {
            // The JVM keeps some signals for itself on some platforms; say so rather than fail the start.
            log.warn("SIG{} cannot be handled here ({}); it keeps the JVM's default action", name, e.getMessage());
        }
    }

    private static String consequence(String name) {
        return switch (name) {
            case "HUP" -> "will not reload the configuration (the stats page's reload still can)";
            case "TERM" -> "will not stop lbgate gracefully";
            default -> "will not reach lbgate";
        };
    }
}
