package io.lbgate.cli;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ansi.AnsiOutput;
import org.springframework.boot.logging.LogLevel;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early logging set-up's reading of {@code logging.level.*} and {@code spring.output.ansi.enabled}
 * without Spring Boot's binder gives what the binder gives, for the sources it reads.
 */
class EarlyLoggingPropertiesTest {

    @Test
    void readsWhatTheBinderBinds() {
        StandardEnvironment environment = environment(
                new String[] {"--logging.level.io.lbgate=debug", "--logging.level.root=WARN", "--other=1",
                        "--logging.level.io.lbgate.access.AccessLog=off"},
                Map.of("logging.level.io.netty", "error", "logging.level.io.lbgate", "trace"),
                Map.of("LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_WEB", "Info", "LOGGING_LEVEL_IO_LBGATE", "error",
                        "SPRING_OUTPUT_ANSI_ENABLED", "never", "PATH", "/usr/bin"));

        EarlyLoggingProperties read = EarlyLoggingProperties.read(environment);

        assertThat(read).isEqualTo(EarlyLoggingProperties.bound(environment));
        assertThat(read.ansi()).isEqualTo(AnsiOutput.Enabled.NEVER);
        assertThat(read.levels()).containsEntry("io.lbgate", LogLevel.DEBUG) // the command line first
                .containsEntry("root", LogLevel.WARN)
                .containsEntry("io.netty", LogLevel.ERROR)
                .containsEntry("org.springframework.web", LogLevel.INFO)
                .containsEntry("io.lbgate.access.AccessLog", LogLevel.OFF);
    }

    @Test
    void yamlsFalseIsOffAndNothingGivenIsTheDefaults() {
        StandardEnvironment environment = environment(new String[0], Map.of("logging.level.io.netty", "false"),
                Map.of());

        EarlyLoggingProperties read = EarlyLoggingProperties.read(environment);

        assertThat(read).isEqualTo(EarlyLoggingProperties.bound(environment));
        assertThat(read.levels()).containsExactly(Map.entry("io.netty", LogLevel.OFF));
        assertThat(read.ansi()).isEqualTo(AnsiOutput.Enabled.DETECT);
        assertThat(EarlyLoggingProperties.read(environment(new String[0], Map.of(), Map.of())))
                .isEqualTo(new EarlyLoggingProperties(AnsiOutput.Enabled.DETECT, Map.of()));
    }

    @Test
    void aValueOnlyTheBinderUnderstandsOrRefusesGoesToTheBinder() {
        StandardEnvironment alwaysInLowerCase = environment(new String[] {"--spring.output.ansi.enabled=always"},
                Map.of(), Map.of());
        assertThat(EarlyLoggingProperties.read(alwaysInLowerCase).ansi()).isEqualTo(AnsiOutput.Enabled.ALWAYS);

        StandardEnvironment notALevel = environment(new String[] {"--logging.level.io.lbgate=loud"}, Map.of(),
                Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EarlyLoggingProperties.read(notALevel))
                .as("the binder's error, as the context would give it")
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("logging.level");
    }

    private static StandardEnvironment environment(String[] args, Map<String, Object> systemProperties,
            Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        Properties properties = new Properties();
        properties.putAll(systemProperties);
        sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                new PropertiesPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, properties));
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        if (args.length > 0) {
            sources.addFirst(new SimpleCommandLinePropertySource(args));
        }
        return environment;
    }
}
