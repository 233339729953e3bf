package io.lbgate.config.haproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits one haproxy.cfg line into words the way HAProxy 2.6's {@code parse_line()} does:
 * {@code #} starts a comment outside quotes, {@code "..."} is weak quoting (environment variables
 * are expanded, escapes still work), {@code '...'} is strong quoting (nothing is interpreted), and
 * outside single quotes a backslash escapes {@code space # \ ' "} or spells {@code \n \r \t \xNN}.
 * Quoted and unquoted parts that touch form one word ({@code a"b c"} is {@code ab c}).
 */
final class Lexer {

    private Lexer() {
    }

    /** Thrown with HAProxy's wording for a line that cannot be split. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    /**
     * @param env looks up an environment variable; a {@code null} answer expands to nothing, as in
     *            HAProxy
     */
    static List<String> split(String line, Function<String, String> env) throws SyntaxException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int quoteStart = 0;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                i++;
            } else if (c == '\\') {
                i = escape(line, i, word);
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                    i++;
                } else if (c == '$') {
                    i = expand(line, i, word, env);
                } else {
                    word.append(c);
                    i++;
                }
            } else if (c == '#') {
                break;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '"' || c == '\'') {
                quote = c;
                quoteStart = i;
                inWord = true;
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (quote != 0) {
            // HAProxy 2.6.12: "parsing [f:8]: unmatched quote at position 1:" (1-based column)
            throw new SyntaxException("unmatched quote at position " + (quoteStart + 1));
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the escaped character at {@code line[at]} (a backslash) and returns the next index. */
    private static int escape(String line, int at, StringBuilder word) throws SyntaxException {
        if (at + 1 >= line.length()) {
            word.append('\\');
            return at + 1;
        }
        char next = line.charAt(at + 1);
        switch (next) {
            case ' ', '#', '\\', '\'', '"' -> word.append(next);
            case 'n' -> word.append('\n');
            case 'r' -> word.append('\r');
            case 't' -> word.append('\t');
            case 'x' -> {
                if (at + 3 >= line.length() || !isHex(line.charAt(at + 2)) || !isHex(line.charAt(at + 3))) {
                    throw new SyntaxException("invalid or incomplete '\\xXX' sequence at position " + (at + 1));
                }
                word.append((char) Integer.parseInt(line.substring(at + 2, at + 4), 16));
                return at + 4;
            }
            default -> {
                // Not an escape HAProxy knows: the backslash stays and the next character is read normally.
                word.append('\\');
                return at + 1;
            }
        }
        return at + 2;
    }

    /** Expands {@code $NAME} or {@code ${NAME}} at {@code line[at]} and returns the next index. */
    private static int expand(String line, int at, StringBuilder word, Function<String, String> env)
            throws SyntaxException {
        int start = at + 1;
        boolean braced = start < line.length() && line.charAt(start) == '{';
        if (braced) {
            start++;
        }
        int end = start;
        while (end < line.length() && isNameChar(line.charAt(end), end == start)) {
            end++;
        }
        if (end == start) {
            // "$" not followed by a name is a plain dollar sign.
            word.append('$');
            return at + 1;
        }
        if (braced) {
            if (end >= line.length() || line.charAt(end) != '}') {
                throw new SyntaxException("missing closing '}' in environment variable name at position " + (at + 1));
            }
        }
        String value = env.apply(line.substring(start, end));
        if (value != null) {
            word.append(value);
        }
        return braced ? end + 1 : end;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
