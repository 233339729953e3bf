package io.lbgate.cli;

import org.springframework.boot.ansi.AnsiOutput;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ClassUtils;

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
    private static final String LOG_FACTORY = "org.apache.commons.logging.LogFactory";

    private EarlyLogging() {
    }

    /**
     * Has Commons Logging (Spring's own logging API) go straight to SLF4J, where it ends anyway,
     * unless the operator chose a {@code LogFactory}: left to find one, Commons Logging looks for a
     * service file in every jar of the class path and then starts the Log4j API to find that Log4j
     * is routed to SLF4J (about 80 classes and a scan of a hundred nested jars, on the path to the
     * first response). Call before anything logs.
     */
    static void configureProcess() {
        if (System.getProperty(LOG_FACTORY) == null) {
            System.setProperty(LOG_FACTORY, "org.apache.commons.logging.impl.Slf4jLogFactory");
        }
    }

    /** Initialises logging as the application started with {@code args} will find it. */
    static void initialize(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        if (args.length > 0) {
            environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        }
        boolean configData = OperatorConfigFiles.mayExist(environment, Path.of(""));
        if (configData) {
            ConfigDataEnvironmentPostProcessor.applyTo(environment);
        }
        // Spring Boot's binder reads these properties with its relaxed rules; loading it (and its
        // conversion service) is about a third of this method. Without config data, the properties
        // can only come from the command line, system properties and the environment, whose names
        // EarlyLoggingProperties reads by the same rules; with config data the binder is loaded anyway.
        EarlyLoggingProperties properties = configData ? EarlyLoggingProperties.bound(environment)
                : EarlyLoggingProperties.read(environment);
        AnsiOutput.setEnabled(properties.ansi());

        LoggingSystem system = loggingSystem();
        system.beforeInitialize();
        LogFile logFile = LogFile.get(environment);
        system.getSystemProperties(environment).apply(logFile);
        system.initialize(new LoggingInitializationContext(environment), environment.getProperty("logging.config"),
                logFile);
        properties.levels().forEach((name, level) -> system.setLogLevel(
                name.equalsIgnoreCase(LoggingSystem.ROOT_LOGGER_NAME) ? null : name, level));
    }

    /**
     * Logback's logging system, which is the one {@code LoggingSystem.get} finds in this jar, made
     * directly: finding it reads every {@code META-INF/spring.factories} of the class path (about
     * 0.15 s here). The context's listener still looks it up, and finds Logback initialised. A
     * logging system the operator names with the {@code org.springframework.boot.logging.LoggingSystem}
     * system property is looked up as Spring Boot would.
     */
    private static LoggingSystem loggingSystem() {
        ClassLoader loader = EarlyLogging.class.getClassLoader();
        if (System.getProperty(LoggingSystem.SYSTEM_PROPERTY) == null
                && ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", loader)) {
            return new LogbackLoggingSystem(loader);
        }
        return LoggingSystem.get(loader);
    }
}
