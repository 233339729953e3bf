package io.lbgate.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @Test
    void semicolonsSeparateCommandsAndBlanksSeparateWords() {
        assertThat(CommandLine.parse("show info;  get weight\tapp/s1 ;show stat"))
                .containsExactly(List.of("show", "info"), List.of("get", "weight", "app/s1"), List.of("show", "stat"));
    }

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        assertThat(CommandLine.parse("show env A\\;B\\ C\\\\")).containsExactly(List.of("show", "env", "A;B C\\"));
    }

    @Test
    void emptyCommandsAreKeptForTheirUsageAnswer() {
        assertThat(CommandLine.parse("")).containsExactly(List.of());
        assertThat(CommandLine.parse("show info;;")).containsExactly(List.of("show", "info"), List.of(), List.of());
    }

    @Test
    void aTrailingCarriageReturnIsDropped() {
        assertThat(CommandLine.parse("show info\r")).containsExactly(List.of("show", "info"));
    }
}
