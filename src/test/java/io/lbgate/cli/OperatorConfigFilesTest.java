package io.lbgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void nothingOfTheOperatorsMeansTheConfigDataNeedNotBeReadEarly() {
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment(), dir)).isFalse();
    }

    @Test
    void anApplicationFileWhereSpringBootLooksOutsideTheJarCounts() throws IOException {
        Files.writeString(dir.resolve("application.yml"), "logging.level.lbgate: debug\n");
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment(), dir)).isTrue();
    }

    @Test
    void aFileInConfigOrOneOfItsDirectoriesCounts() throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment(), dir)).isFalse();
        Files.writeString(Files.createDirectories(config.resolve("site")).resolve("application-prod.properties"), "");
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment(), dir)).isTrue();
        Files.writeString(config.resolve("application.properties"), "");
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment(), dir)).isTrue();
    }

    @Test
    void aLocationOrProfilePropertyCounts() {
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment()
                .withProperty("spring.config.additional-location", "/etc/lbgate/"), dir)).isTrue();
        assertThat(OperatorConfigFiles.mayExist(new MockEnvironment()
                .withProperty("spring.profiles.active", "prod"), dir)).isTrue();
    }

    /** What lets the early logging skip the bundled file: it must not set anything about logging. */
    @Test
    void theBundledApplicationYmlSetsNoLogging() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("application.yml"))) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document instanceof Map<?, ?> map) {
                    assertThat(map.keySet().stream().map(String::valueOf)).as("top-level keys of application.yml")
                            .noneMatch(k -> k.equals("logging") || k.startsWith("logging."));
                }
            }
        }
    }
}
