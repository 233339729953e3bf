package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's keyword list is generated from the table the reader dispatches from; this keeps it current. */
class ReadmeKeywordTableTest {
    private static final String START = "<!-- keywords:start -->\n";
    private static final String END = "<!-- keywords:end -->";

    @Test
    void readmeListsExactlyTheKeywordTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has " + START.strip()).isNotNegative();
        assertThat(end).as("README.md has " + END).isGreaterThan(start);
        assertThat(readme.substring(start + START.length(), end))
                .as("README.md between the keyword markers; regenerate it from KeywordTable.markdown()")
                .isEqualTo(KeywordTable.markdown());
    }
}
