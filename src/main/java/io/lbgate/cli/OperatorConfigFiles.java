package io.lbgate.cli;

import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the operator may have given Spring Boot configuration of their own, which could set
 * {@code logging.*}: a {@code spring.config.*} or profile property (command line, system property,
 * environment), or an {@code application*} file where Spring Boot looks outside the jar
 * ({@code ./}, {@code ./config/}, {@code ./config/*}/). Otherwise the only config data is the
 * bundled application.yml, which sets no logging (a test keeps it so), and the early logging set-up
 * can skip reading it.
 */
final class OperatorConfigFiles {
    private static final List<String> LOCATION_PROPERTIES = List.of("spring.config.location",
            "spring.config.additional-location", "spring.config.import", "spring.config.name",
            "spring.profiles.active", "spring.profiles.include");

    private OperatorConfigFiles() {
    }

    /** True when {@code environment} or the files under {@code workingDirectory} may hold configuration. */
    static boolean mayExist(Environment environment, Path workingDirectory) {
        if (LOCATION_PROPERTIES.stream().anyMatch(environment::containsProperty)) {
            return true;
        }
        Path config = workingDirectory.resolve("config");
        if (hasApplicationFile(workingDirectory) || hasApplicationFile(config)) {
            return true;
        }
        if (!Files.isDirectory(config)) {
            return false;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(config, Files::isDirectory)) {
            for (Path child : children) {
                if (hasApplicationFile(child)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: read the config data as Spring Boot will
        }
    }

    private static boolean hasApplicationFile(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "application*")) {
            return files.iterator().hasNext();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
