package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LexerTest {
    private static final Map<String, String> ENV = Map.of("PORT", "8080", "HOST", "10.0.0.1");

    private static List<String> split(String line) throws Lexer.SyntaxException {
        return Lexer.split(line, ENV::get);
    }

    @Test
    void splitsOnSpacesAndTabs() throws Exception {
        assertThat(split("  server\tnode1   127.0.0.1:80 check ")).containsExactly("server", "node1", "127.0.0.1:80",
                "check");
    }

    @Test
    void commentEndsTheLineEvenRightAfterAValue() throws Exception {
        assertThat(split("bind *:18080 #前端用于接收请求的端口")).containsExactly("bind", "*:18080");
        assertThat(split("stats uri /haproxyamdin#x")).containsExactly("stats", "uri", "/haproxyamdin");
        assertThat(split("   # only a comment")).isEmpty();
    }

    @Test
    void backslashEscapes() throws Exception {
        assertThat(split("stats realm HAProxy\\ Statistics")).containsExactly("stats", "realm", "HAProxy Statistics");
        assertThat(split("a\\#b c\\\\d \\'e\\\"")).containsExactly("a#b", "c\\d", "'e\"");
        assertThat(split("x\\ty\\nz\\r \\x41\\x7a")).containsExactly("x\ty\nz\r", "Az");
        assertThat(split("a\\qb")).containsExactly("a\\qb");
    }

    @Test
    void doubleQuotesKeepSpacesAndHashAndExpandEnvironment() throws Exception {
        assertThat(split("stats realm \"My # Stats\"")).containsExactly("stats", "realm", "My # Stats");
        assertThat(split("bind \"$HOST:${PORT}\"")).containsExactly("bind", "10.0.0.1:8080");
        assertThat(split("x \"$NOSUCH\" \"a$\"")).containsExactly("x", "", "a$");
        assertThat(split("x \"\\\"q\\\"\"")).containsExactly("x", "\"q\"");
    }

    @Test
    void environmentIsNotExpandedOutsideDoubleQuotes() throws Exception {
        assertThat(split("bind $HOST:${PORT}")).containsExactly("bind", "$HOST:${PORT}");
    }

    @Test
    void singleQuotesInterpretNothing() throws Exception {
        assertThat(split("x '$HOST \\n # y'")).containsExactly("x", "$HOST \\n # y");
    }

    @Test
    void quotedAndUnquotedPartsThatTouchFormOneWord() throws Exception {
        assertThat(split("a\"b c\"'d e'f")).containsExactly("ab cd ef");
    }

    @Test
    void unmatchedQuoteIsAnError() {
        // HAProxy 2.6.12: "parsing [e3.cfg:8]: unmatched quote at position 1:"
        assertThatThrownBy(() -> split("\"bad")).hasMessage("unmatched quote at position 1");
        assertThatThrownBy(() -> split("x \\xZZ")).hasMessageContaining("'\\xXX'");
    }
}
