package io.lbgate.lifecycle;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.properties.LbgateProperties;
import io.lbgate.config.properties.PropertiesConfigConverter;
import io.lbgate.config.properties.PropertiesValidator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reads the {@code lbgate:} properties again for a reload of a start without {@code -f}: a fresh
 * environment with the running one's command-line and system sources, and the config data
 * (application.yml, {@code spring.config.location} ...) read anew from where Spring Boot found it
 * at start, bound and validated as at start.
 */
final class PropertiesReader {
    private final ConfigurableEnvironment running;

    PropertiesReader(ConfigurableEnvironment running) {
        this.running = running;
    }

    LoadedConfig read() {
        StandardEnvironment fresh = new StandardEnvironment();
        PropertySource<?> commandLine = running.getPropertySources().get("commandLineArgs");
        if (commandLine != null) {
            fresh.getPropertySources().addFirst(commandLine);
        }
        fresh.setActiveProfiles(running.getActiveProfiles());
        ConfigDataEnvironmentPostProcessor.applyTo(fresh);
        LbgateProperties properties;
        try {
            properties = Binder.get(fresh).bindOrCreate("lbgate", Bindable.of(LbgateProperties.class),
                    new ValidationBindHandler(new PropertiesValidator()));
        } catch (BindException e) {
            throw new InvalidConfigException(problems(e));
        }
        return PropertiesConfigConverter.toLoadedConfig(properties);
    }

    private static List<ConfigProblem> problems(BindException e) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (e.getCause() instanceof BindValidationException invalid) {
            String object = invalid.getValidationErrors().getName().toString();
            for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
                String path = error instanceof FieldError f ? object + "." + f.getField() : object;
                problems.add(ConfigProblem.alert(null, path + ": " + error.getDefaultMessage()));
            }
        } else {
            String cause = e.getCause() == null ? "" : ": " + e.getCause().getMessage();
            problems.add(ConfigProblem.alert(null, e.getMessage() + cause));
        }
        return problems;
    }
}
