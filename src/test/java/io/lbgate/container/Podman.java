package io.lbgate.container;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The podman command line, as an operator types it: every call is one {@code podman ...} process
 * with a time limit, its output captured. The tests build and run the project's Dockerfile with it
 * because the development and CI machines have podman (with local stand-ins for the Dockerfile's
 * base images) and no Docker engine; podman takes Docker's command line unchanged.
 */
final class Podman {
    static final Path EXECUTABLE = Path.of("/usr/bin/podman");
    /** The base images the Dockerfile names; CI builds local stand-ins for them. */
    static final List<String> BASE_IMAGES = List.of("eclipse-temurin:17-jdk", "debian:bookworm-slim");
    private static final String STAND_IN_HINT = "eval \"$(../shared/container/stand-in-images.sh | tail -n 1)\""
            + " with STAND_IN_BASES=\"eclipse-temurin:17-jdk=jdk debian:bookworm-slim=base\" (.ci/run does)";

    /** What one podman command did. */
    record Result(int exitStatus, String stdout, String stderr) {
        boolean succeeded() {
            return exitStatus == 0;
        }

        String both() {
            return stdout + stderr;
        }
    }

    private Podman() {
    }

    /**
     * Fails on CI ({@code CI=true}), skips elsewhere, unless podman and the base images are there:
     * a developer's machine with only Java still runs {@code ./mvnw verify}.
     */
    static void require() {
        String missing = null;
        if (!Files.isExecutable(EXECUTABLE)) {
            missing = "podman is missing: apt-get install -y podman, then " + STAND_IN_HINT;
        } else {
            for (String image : BASE_IMAGES) {
                if (!run(Duration.ofSeconds(30), "image", "exists", image).succeeded()) {
                    missing = "base image " + image + " is missing: " + STAND_IN_HINT;
                    break;
                }
            }
        }
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(missing).as(missing).isNull();
        }
        Assumptions.assumeTrue(false, missing);
    }

    /** Runs {@code podman args...}; a command still running after {@code limit} is killed and fails the test. */
    static Result run(Duration limit, String... args) {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toString());
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("podman-out", ".txt");
            err = Files.createTempFile("podman-err", ".txt");
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish in " + limit
                        + "\n" + Files.readString(out) + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        } finally {
            // A command that timed out or was interrupted must not outlive the test.
            if (process != null && process.isAlive()) {
                process.destroy();
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temporary file left behind is harmless.
        }
    }

    /** Runs {@code podman args...} and fails the test unless it exits 0; returns its standard output. */
    static String ok(Duration limit, String... args) {
        Result result = run(limit, args);
        assertThat(result.exitStatus()).as("podman %s\n%s", String.join(" ", args), result.both()).isZero();
        return result.stdout();
    }

    /** {@code podman logs NAME}: lbgate writes everything to standard output and error. */
    static String logs(String container) {
        return run(Duration.ofSeconds(30), "logs", container).both();
    }

    /** {@code podman inspect --format FORMAT NAME}, trimmed. */
    static String inspect(String container, String format) {
        return ok(Duration.ofSeconds(30), "inspect", "--format", format, container).strip();
    }

    /** Removes a container the test started, running or not. */
    static void remove(String container) {
        run(Duration.ofSeconds(60), "rm", "-f", "-t", "2", container);
    }
}
