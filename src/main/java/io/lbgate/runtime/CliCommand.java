package io.lbgate.runtime;

import io.lbgate.config.ApiLevel;

import java.util.List;

/**
 * One runtime API command: the keywords that select it, the level it needs, and its line in
 * {@code help} (HAProxy 2.6's usage and description, so that both read the same).
 *
 * @param keywords    the leading words ({@code show}, {@code servers}, {@code state})
 * @param level       the lowest level that may run it; a handler may ask more for some arguments
 *                    ({@code clear counters all})
 * @param usage       the left column of {@code help}; {@code null} for a command {@code help} omits
 * @param description the right column of {@code help}
 */
record CliCommand(List<String> keywords, ApiLevel level, String usage, String description, Handler handler) {

    /** Runs a command; returns its answer as HAProxy prints it, before the closing line feed. */
    @FunctionalInterface
    interface Handler {
        String run(CliRequest request);
    }

    CliCommand {
        keywords = List.copyOf(keywords);
    }

    /** Whether {@code words} start with this command's keywords. */
    boolean matches(List<String> words) {
        if (words.size() < keywords.size()) {
            return false;
        }
        return words.subList(0, keywords.size()).equals(keywords);
    }

    /** Its {@code help} line: HAProxy pads the usage to 40 columns. */
    String helpLine() {
        return "  " + String.format("%-40s", usage) + ": " + description + "\n";
    }
}
