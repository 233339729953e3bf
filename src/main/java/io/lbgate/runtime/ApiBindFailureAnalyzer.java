package io.lbgate.runtime;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells the operator which {@code stats socket} failed and what to check, instead of a stack trace. */
public final class ApiBindFailureAnalyzer extends AbstractFailureAnalyzer<ApiBindException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ApiBindException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Check the 'stats socket' line: the directory of a UNIX socket must exist and be writable, a TCP"
                        + " address must be local and free, and 'user'/'group' must exist.", cause);
    }
}
