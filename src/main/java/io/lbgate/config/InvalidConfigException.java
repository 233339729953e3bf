package io.lbgate.config;

import java.util.List;

/** The configuration has at least one ALERT; carries every problem found, warnings included. */
public final class InvalidConfigException extends RuntimeException {
    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream().filter(ConfigProblem::isAlert).count() + " error(s) in the configuration");
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
