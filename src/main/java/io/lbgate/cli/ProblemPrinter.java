package io.lbgate.cli;

import io.lbgate.config.ConfigProblem;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints configuration problems the way {@code haproxy -c} does, so that operators and their
 * scripts read the same lines:
 * {@code [ALERT]    (1234) : config : parsing [haproxy.cfg:12] : unknown keyword 'foo' in 'backend' section}.
 */
final class ProblemPrinter {
    private final PrintStream err;
    private final long pid;

    ProblemPrinter(PrintStream err, long pid) {
        this.err = err;
        this.pid = pid;
    }

    void print(List<ConfigProblem> problems) {
        for (ConfigProblem problem : problems) {
            print(problem);
        }
    }

    void print(ConfigProblem problem) {
        String where = problem.location() == null ? "" : "parsing [" + problem.location() + "] : ";
        line(problem.isAlert() ? "ALERT" : "WARNING", "config : " + where + problem.message());
    }

    void alert(String message) {
        line("ALERT", message);
    }

    void notice(String message) {
        line("NOTICE", message);
    }

    private void line(String level, String message) {
        // HAProxy pads the tag so that the pid column lines up: "[ALERT]    (", "[WARNING]  (".
        String tag = String.format("%-11s", "[" + level + "]");
        err.println(tag + "(" + pid + ") : " + message);
    }
}
