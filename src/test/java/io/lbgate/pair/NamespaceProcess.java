package io.lbgate.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process started inside a network namespace with {@code ip netns exec}, which enters the
 * namespace and then executes the command in place, so the process's PID is the command's own
 * (what {@code kill -9} and {@code kill -TERM} are sent to). Its output goes to a log file.
 */
final class NamespaceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private NamespaceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static NamespaceProcess start(String namespace, String name, Path log, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of(PairTopology.IP, "netns", "exec", namespace));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new NamespaceProcess(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -s <signal> <pid>}. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -s " + signal + " " + pid() + " failed");
        }
    }

    /** {@code kill -9}: the crash of a gateway. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** The exit status once the process ended, or null if it is still running after {@code atMost}. */
    Integer awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    Path logFile() {
        return log;
    }

    /** SIGTERM (keepalived gives up its VIP and tells its peer), then SIGKILL if it is still there after 10 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("TERM");
            } catch (IOException e) {
                // already gone between the check and the signal
            }
            process.waitFor(10, TimeUnit.SECONDS);
        }
        close();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
