package io.lbgate.config;

import java.util.Objects;

/**
 * One error or warning found in a configuration source.
 *
 * @param severity ALERT stops the load; WARNING is reported and the load goes on
 * @param location where: {@code file:line} for haproxy.cfg, a property path for application.yml,
 *                 or {@code null} for the configuration as a whole
 * @param message  what is wrong, in the operator's words
 */
public record ConfigProblem(Severity severity, String location, String message) {
    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static ConfigProblem alert(String location, String message) {
        return new ConfigProblem(Severity.ALERT, location, message);
    }

    public static ConfigProblem warning(String location, String message) {
        return new ConfigProblem(Severity.WARNING, location, message);
    }

    public boolean isAlert() {
        return severity == Severity.ALERT;
    }

    public enum Severity { ALERT, WARNING }
}
