package io.lbgate.cli;

import org.springframework.boot.ansi.AnsiOutput;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two properties the early logging set-up reads besides what Spring Boot's logging system reads
 * itself: {@code spring.output.ansi.enabled} and the {@code logging.level.*} map.
 *
 * <p>{@link #bound} reads them with Spring Boot's binder, as the context will. {@link #read} reads
 * them without it, from the command line's {@code --name=value} arguments, the system properties and
 * the environment variables: the same values, by the binder's rules for those sources (the first
 * source that has a name wins; a value is a level's name in any case, or {@code false} for
 * {@code OFF}; an environment variable {@code LOGGING_LEVEL_IO_LBGATE} is the logger
 * {@code io.lbgate}), and a value the binder would refuse makes it use the binder. A test compares
 * the two.
 */
record EarlyLoggingProperties(AnsiOutput.Enabled ansi, Map<String, LogLevel> levels) {
    private static final String ANSI = "spring.output.ansi.enabled";
    private static final String LEVEL = "logging.level.";
    private static final String LEVEL_VARIABLE = "LOGGING_LEVEL_";

    /** By Spring Boot's binder: any property source, config data included. */
    static EarlyLoggingProperties bound(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        return new EarlyLoggingProperties(
                binder.bind(ANSI, AnsiOutput.Enabled.class).orElse(AnsiOutput.Enabled.DETECT),
                binder.bind("logging.level", Bindable.mapOf(String.class, LogLevel.class))
                        .orElse(Collections.emptyMap()));
    }

    /**
     * Without the binder, for an environment of command-line arguments, system properties and
     * environment variables only; anything it cannot read as the binder would goes to {@link #bound}.
     */
    static EarlyLoggingProperties read(ConfigurableEnvironment environment) {
        Map<String, String> levelValues = new LinkedHashMap<>();
        List<PropertySource<?>> sources = new ArrayList<>();
        environment.getPropertySources().forEach(sources::add);
        Collections.reverse(sources); // the first source wins: let it write last
        for (PropertySource<?> source : sources) {
            if (!(source instanceof EnumerablePropertySource<?> names)) {
                return bound(environment);
            }
            boolean variables = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName());
            for (String name : names.getPropertyNames()) {
                String logger = variables && loggerOfVariable(name) != null ? loggerOfVariable(name)
                        : loggerOfProperty(name);
                if (logger != null) {
                    levelValues.put(logger, String.valueOf(source.getProperty(name)));
                }
            }
        }
        Map<String, LogLevel> levels = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : levelValues.entrySet()) {
            LogLevel level = level(entry.getValue());
            if (level == null || entry.getKey().isEmpty()) {
                return bound(environment);
            }
            levels.put(entry.getKey(), level);
        }
        String ansiValue = environment.getProperty(ANSI); // system environment source: relaxed names too
        AnsiOutput.Enabled ansi = AnsiOutput.Enabled.DETECT;
        if (ansiValue != null) {
            try {
                ansi = AnsiOutput.Enabled.valueOf(ansiValue.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return bound(environment);
            }
        }
        return new EarlyLoggingProperties(ansi, levels);
    }

    private static String loggerOfProperty(String name) {
        if (name.length() > LEVEL.length() && name.regionMatches(true, 0, LEVEL, 0, LEVEL.length())) {
            String logger = name.substring(LEVEL.length());
            // The binder's map keys: a bracketed key keeps its dots, as here; other names are as given.
            if (logger.startsWith("[") && logger.endsWith("]")) {
                logger = logger.substring(1, logger.length() - 1);
            }
            return logger;
        }
        return null;
    }

    /** LOGGING_LEVEL_IO_LBGATE is io.lbgate; the binder lowers the case and makes each _ a dot. */
    private static String loggerOfVariable(String name) {
        if (name.length() > LEVEL_VARIABLE.length() && name.startsWith(LEVEL_VARIABLE)) {
            return name.substring(LEVEL_VARIABLE.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        }
        return null;
    }

    private static LogLevel level(String value) {
        String name = value.trim().toUpperCase(Locale.ROOT);
        if (name.equals("FALSE")) {
            return LogLevel.OFF; // YAML's off, as Spring Boot reads it
        }
        try {
            return LogLevel.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
