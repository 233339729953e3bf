package io.lbgate.config;

import java.time.Instant;
import java.util.List;

/**
 * How one reload ended.
 *
 * @param at        when it finished
 * @param trigger   who asked: {@code SIGHUP}, {@code stats page (admin)}, {@code runtime API}
 * @param applied   whether the new configuration now runs; {@code false} leaves the previous one
 * @param problems  why it was refused, one line each as {@code -c} prints them; warnings of an
 *                  applied configuration otherwise
 * @param summary   one line for the log and the stats page
 */
public record ReloadResult(Instant at, String trigger, boolean applied, List<String> problems, String summary) {
    public ReloadResult {
        problems = List.copyOf(problems);
    }
}
