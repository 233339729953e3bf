package io.lbgate.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code target/lbgate.jar} running in its own JVM, as an operator runs it, and signals sent to its PID. */
final class JarProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("lbgate.jar", "target/lbgate.jar"));

    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the jar with {@code args} and waits until Spring Boot says it started. */
    static JarProcess start(String... args) throws IOException {
        return startUnder(List.of(), args);
    }

    /** Starts the jar as {@link #start} does, through {@code launcher} (e.g. {@code nohup}). */
    static JarProcess startUnder(List<String> launcher, String... args) throws IOException {
        Path log = Files.createTempFile("lbgate-lifecycle", ".log");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        JarProcess jar = new JarProcess(process, log);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> jar.log().contains("Started LbgateApplication") || !process.isAlive());
        assertThat(process.isAlive()).as(jar.log()).isTrue();
        return jar;
    }

    /** Sends {@code signal} ({@code TERM}, {@code USR1}, {@code HUP}) to the process, as {@code kill -s} does. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -s %s", signal).isZero();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits for the process to end; its exit status. */
    int awaitExit(Duration atMost) throws InterruptedException, IOException {
        assertThat(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS))
                .as("exited within %s; log:%n%s", atMost, log()).isTrue();
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
