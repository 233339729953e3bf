package io.lbgate.proxy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a frontend that cannot listen in one sentence, as HAProxy's "cannot bind socket" alert. */
public final class BindFailureAnalyzer extends AbstractFailureAnalyzer<BindFailedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindFailedException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Stop the process that holds " + cause.address().display()
                        + ", or change the 'bind' line of frontend '" + cause.frontend() + "'.", cause);
    }
}
