package io.lbgate.config.haproxy;

import io.lbgate.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a read, so that one run reports all errors at once as HAProxy does. */
final class Problems {
    private final List<ConfigProblem> all = new ArrayList<>();

    void alert(Line line, String message) {
        alert(line == null ? null : line.location(), message);
    }

    void alert(String location, String message) {
        all.add(ConfigProblem.alert(location, message));
    }

    void warning(Line line, String message) {
        warning(line == null ? null : line.location(), message);
    }

    void warning(String location, String message) {
        all.add(ConfigProblem.warning(location, message));
    }

    void addAll(List<ConfigProblem> problems) {
        all.addAll(problems);
    }

    boolean hasAlert() {
        return all.stream().anyMatch(ConfigProblem::isAlert);
    }

    List<ConfigProblem> all() {
        return List.copyOf(all);
    }

    List<ConfigProblem> warnings() {
        return all.stream().filter(p -> !p.isAlert()).toList();
    }
}
