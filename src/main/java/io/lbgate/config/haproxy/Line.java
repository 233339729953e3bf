package io.lbgate.config.haproxy;

import java.util.List;

/**
 * One non-empty line after lexing.
 *
 * @param file   the file name as given on the command line (or directory/file)
 * @param number 1-based line number
 * @param words  the words, quotes and escapes already resolved
 */
record Line(String file, int number, List<String> words) {
    Line {
        words = List.copyOf(words);
    }

    /** {@code file:line}, the form {@link io.lbgate.config.ConfigProblem#location()} uses. */
    String location() {
        return file + ":" + number;
    }

    /** The word at {@code index}, or {@code null} past the end. */
    String word(int index) {
        return index < words.size() ? words.get(index) : null;
    }
}
