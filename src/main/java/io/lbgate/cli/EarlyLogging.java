package io.lbgate.cli;

import org.springframework.boot.ansi.AnsiOutput;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;

/**
 * Spring Boot's logging, set up before the data plane starts, which is before the application
 * context exists: the data plane's first lines and its access log must already have the format,
 * destination and levels the operator configured ({@code logging.*} on the command line, in
 * application.yml, in the environment). Without this, what is logged before the context starts
 * would be dropped (Spring Boot's logging denies every line until it is initialised) or go through
 * Logback's fallback (every logger at DEBUG, another format).
 *
 * <p>The environment is made as the application's will be: the command line's
 * {@code --name=value} arguments, system properties, environment variables and the config data
 * (application.yml ...), the last only where the operator may have written some: reading config
 * data costs about 0.4 s of a start that aims at well under 1.5 s, and the bundled application.yml
 * sets nothing about logging ({@link OperatorConfigFiles}). It does what Spring Boot's logging
 * listener does at the same point, with
 * Spring Boot's own logging system, so that when the context starts, its listener finds Logback
 * initialised and keeps it (Spring Boot's Logback support skips a second initialisation: no line is
 * lost to a reconfiguration) and applies the levels again, logger groups included.
 */
final class EarlyLogging {
    private EarlyLogging() {
    }

    /** Initialises logging as the application started with {@code args} will find it. */
    static void initialize(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        if (args.length > 0) {
            environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        }
        if (OperatorConfigFiles.mayExist(environment, Path.of(""))) {
            ConfigDataEnvironmentPostProcessor.applyTo(environment);
        }
        Binder binder = Binder.get(environment);
        AnsiOutput.setEnabled(binder.bind("spring.output.ansi.enabled", AnsiOutput.Enabled.class)
                .orElse(AnsiOutput.Enabled.DETECT));

        LoggingSystem system = LoggingSystem.get(EarlyLogging.class.getClassLoader());
        system.beforeInitialize();
        LogFile logFile = LogFile.get(environment);
        system.getSystemProperties(environment).apply(logFile);
        system.initialize(new LoggingInitializationContext(environment), environment.getProperty("logging.config"),
                logFile);
        binder.bind("logging.level", Bindable.mapOf(String.class, LogLevel.class)).ifBound(levels ->
                levels.forEach((name, level) -> system.setLogLevel(
                        name.equalsIgnoreCase(LoggingSystem.ROOT_LOGGER_NAME) ? null : name, level)));
    }
}
