package io.lbgate.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.stream.Collectors;

/**
 * Turns an invalid application.yml model into Spring Boot's short failure report: every problem
 * with its property path, and no stack trace.
 */
public final class InvalidConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigException cause) {
        String description = cause.problems().stream()
                .map(p -> "  " + p.severity() + " " + (p.location() == null ? "" : p.location() + ": ") + p.message())
                .collect(Collectors.joining("\n", "The lbgate configuration is invalid:\n", ""));
        return new FailureAnalysis(description,
                "Correct the properties named above (under 'lbgate:' in application.yml) and start again.", cause);
    }
}
