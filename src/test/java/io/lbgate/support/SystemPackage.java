package io.lbgate.support;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Debian package that a test drives (HAProxy as the oracle, Chromium, the exporter). On CI,
 * where {@code .ci/run} installs them, a missing one fails the test; on a developer's fresh machine
 * with only Java, the test is skipped with the install command, so that {@code ./mvnw verify} is
 * still the README's one command.
 */
public final class SystemPackage {
    private SystemPackage() {
    }

    /** Fails on CI ({@code CI=true}), skips elsewhere, when {@code executable} is not installed. */
    public static void require(String executable, String debianPackage) {
        if (Files.isExecutable(Path.of(executable))) {
            return;
        }
        String message = executable + " is missing: apt-get install -y " + debianPackage + " (.ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(Files.isExecutable(Path.of(executable))).as(message).isTrue();
        }
        Assumptions.assumeTrue(false, message);
    }
}
