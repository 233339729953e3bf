package io.lbgate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives the memory that the C library's allocator keeps after the JVM freed it back to the system,
 * every {@value #INTERVAL_SECONDS} seconds: what {@code -XX:TrimNativeHeapInterval=5000} does, for a
 * plain {@code java -Xmx128m -jar lbgate.jar}.
 *
 * <p>The JIT compilers allocate their working memory (arenas) from the C heap in bursts while the
 * gateway warms up, and glibc keeps what they free for later allocations, so the process stays
 * 20-30 MiB larger than it needs to (measured: {@code jcmd <pid> System.trim_native_heap} under the
 * kept-alive load gave back 28 MiB of 233). The JVM's diagnostic command that trims is called in
 * process, through the platform's {@code DiagnosticCommand} bean; a trim takes well under a
 * millisecond on this machine and runs on its own thread. When the operator set
 * {@code TrimNativeHeapInterval}, the JVM trims by itself and this does nothing; so it does on a JVM
 * without the command (not glibc, or before 17.0.9).
 */
@Component
class NativeHeapTrim implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);
    static final long INTERVAL_SECONDS = 5;
    private static final String OPERATION = "systemTrimNativeHeap";

    private volatile ScheduledExecutorService timer;

    @Override
    public void start() {
        boolean given = ManageableFlags.platform().map(f -> f.given("TrimNativeHeapInterval")).orElse(true);
        if (given) {
            return;
        }
        Optional<Trim> trim = Trim.platform();
        if (trim.isEmpty()) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "native-heap-trim");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> trim.get().run(executor), INTERVAL_SECONDS, INTERVAL_SECONDS,
                TimeUnit.SECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        timer = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** The JVM's trim command, reached through the platform bean server. */
    record Trim(MBeanServer server, ObjectName command) {
        static Optional<Trim> platform() {
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName command = new ObjectName("com.sun.management:type=DiagnosticCommand");
                for (var operation : server.getMBeanInfo(command).getOperations()) {
                    if (operation.getName().equals(OPERATION)) {
                        return Optional.of(new Trim(server, command));
                    }
                }
            } catch (JMException | RuntimeException e) {
                log.debug("No native heap trim: {}", e.toString());
            }
            return Optional.empty();
        }

        /** One trim; the JVM's report of what it gave back ("Trim native heap: RSS+Swap: ..."). */
        String trim() throws JMException {
            return String.valueOf(server.invoke(command, OPERATION, new Object[0], new String[0]));
        }

        /** One trim from the timer; a failure stops the timer (it would fail the same way again). */
        void run(ScheduledExecutorService timer) {
            try {
                String report = trim();
                log.trace("{}", report);
            } catch (JMException | RuntimeException e) {
                log.debug("Native heap trim failed, no more trims: {}", e.toString());
                timer.shutdown();
            }
        }
    }
}
