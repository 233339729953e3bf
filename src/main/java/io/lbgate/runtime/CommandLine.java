package io.lbgate.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line received on a runtime API socket as HAProxy 2.6 does: commands are separated by
 * {@code ;}, words by spaces or tabs, and a backslash makes the next character literal
 * ({@code \;}, {@code \ }, {@code \\}). Empty commands are kept: HAProxy answers them with its
 * usage text, so {@code show info;;show stat} gives three answers.
 */
final class CommandLine {
    /**
     * The longest line HAProxy 2.6.12 answers, line feed excluded: its CLI reads a request into a
     * 16384-byte buffer less the 1024 bytes it reserves for rewrites, which must also hold the line
     * feed and a final NUL (observed: 15358 characters are answered; from 15359 on HAProxy leaves the
     * client without an answer). lbgate closes such a connection at once instead of leaving it hanging.
     */
    static final int MAX_LENGTH = 15358;

    private CommandLine() {
    }

    /** The commands of {@code line}, each as its words; a trailing {@code \r} is dropped. */
    static List<List<String>> parse(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(text.charAt(++i));
            } else if (c == ';') {
                end(words, word);
                word = null;
                commands.add(List.copyOf(words));
                words.clear();
            } else if (c == ' ' || c == '\t') {
                end(words, word);
                word = null;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        end(words, word);
        commands.add(List.copyOf(words));
        return commands;
    }

    private static void end(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
    }
}
