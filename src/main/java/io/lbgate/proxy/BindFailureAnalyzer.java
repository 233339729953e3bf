package io.lbgate.proxy;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a frontend that cannot listen in one sentence, as HAProxy's "cannot bind socket" alert. */
public final class BindFailureAnalyzer extends AbstractFailureAnalyzer<BindFailedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindFailedException cause) {
        return new FailureAnalysis(cause.getMessage(), action(cause), cause);
    }

    private static String action(BindFailedException cause) {
        if (cause.address().port() < 1024 && permissionDenied(cause)) {
            // lbgate runs unprivileged (the container's user, a service account): ports below 1024
            // need a capability it does not have.
            return "Ports below 1024 need privileges lbgate does not run with. Bind a port above 1024 and"
                    + " publish it (docker run -p 80:8080), or allow unprivileged ports"
                    + " (docker run --sysctl net.ipv4.ip_unprivileged_port_start=0), then start again.";
        }
        return "Stop the process that holds " + cause.address().display()
                + ", or change the 'bind' line of frontend '" + cause.frontend() + "'.";
    }

    private static boolean permissionDenied(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("Permission denied")) {
                return true;
            }
        }
        return false;
    }
}
