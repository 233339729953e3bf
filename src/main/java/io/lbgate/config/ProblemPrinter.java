package io.lbgate.config;

import io.lbgate.config.ConfigProblem;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints configuration problems the way {@code haproxy -c} does, so that operators and their
 * scripts read the same lines:
 * {@code [ALERT]    (1234) : config : parsing [haproxy.cfg:12] : unknown keyword 'foo' in 'backend' section}.
 */
public final class ProblemPrinter {
    private final PrintStream err;
    private final long pid;

    public ProblemPrinter(PrintStream err, long pid) {
        this.err = err;
        this.pid = pid;
    }

    public void print(List<ConfigProblem> problems) {
        for (ConfigProblem problem : problems) {
            print(problem);
        }
    }

    public void print(ConfigProblem problem) {
        err.println(format(problem, pid));
    }

    /** One problem as {@code haproxy -c} prints it (also what a refused reload logs). */
    public static String format(ConfigProblem problem, long pid) {
        String where = problem.location() == null ? "" : "parsing [" + problem.location() + "] : ";
        return format(problem.isAlert() ? "ALERT" : "WARNING", "config : " + where + problem.message(), pid);
    }

    public void alert(String message) {
        line("ALERT", message);
    }

    public void notice(String message) {
        line("NOTICE", message);
    }

    private void line(String level, String message) {
        err.println(format(level, message, pid));
    }

    /** An HAProxy-style line: {@code [ALERT]    (1234) : message}. */
    public static String format(String level, String message, long pid) {
        // HAProxy pads the tag so that the pid column lines up: "[ALERT]    (", "[WARNING]  (".
        String tag = String.format("%-11s", "[" + level + "]");
        return tag + "(" + pid + ") : " + message;
    }
}
