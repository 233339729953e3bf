package io.lbgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The reload of a start without {@code -f}: application.yml read again from where Spring Boot found it. */
class PropertiesReaderTest {
    private static final Path EXAMPLE = Path.of("docs/application-example.yml");

    @TempDir
    Path dir;

    private PropertiesReader readerFor(Path yaml) {
        StandardEnvironment running = new StandardEnvironment();
        running.getPropertySources().addFirst(
                new SimpleCommandLinePropertySource("--spring.config.location=file:" + yaml));
        return new PropertiesReader(running);
    }

    @Test
    void readsTheFileAgainWithTheStartsCommandLine() throws Exception {
        Path yaml = Files.writeString(dir.resolve("application.yml"), Files.readString(EXAMPLE));
        PropertiesReader reader = readerFor(yaml);
        LoadedConfig first = reader.read();
        assertThat(first.config().backends().get(0).servers()).hasSize(4);

        Files.writeString(yaml, Files.readString(EXAMPLE).replace(
                "        - {name: node4, address: \"127.0.0.4:19302\", check: true, inter: 5s, rise: 2, fall: 3}\n", ""));
        LoadedConfig second = reader.read();

        assertThat(second.config().backends().get(0).servers()).extracting(s -> s.name())
                .containsExactly("node1", "node2", "node3");
    }

    @Test
    void anInvalidValueIsRefusedWithItsPropertyPath() throws Exception {
        Path yaml = Files.writeString(dir.resolve("application.yml"),
                Files.readString(EXAMPLE).replace("maxconn: 4000 ", "maxconn: -5   "));

        assertThatThrownBy(() -> readerFor(yaml).read()).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems().get(0).message())
                        .isEqualTo("lbgate.global.maxconn: -5 (expected: at least 0)"));
    }
}
