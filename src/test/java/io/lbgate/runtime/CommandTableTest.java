package io.lbgate.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage texts, which HAProxy 2.6.12 prints with these headers and always ends with help/prompt/quit. */
class CommandTableTest {
    private final CommandTable table = new CommandTable();

    @Test
    void theLongestKeywordMatchWins() {
        assertThat(table.find(List.of("show", "servers", "state", "app")).orElseThrow().usage())
                .isEqualTo("show servers state [<backend>]");
        assertThat(table.find(List.of("show", "cli", "level")).orElseThrow().usage()).isEqualTo("show cli level");
        assertThat(table.find(List.of("show", "servers"))).isEmpty();
    }

    @Test
    void anEmptyLineListsEveryCommand() {
        String usage = table.usage(List.of(), false);
        assertThat(usage).startsWith("Unknown command. Please enter one of the following commands only:\n"
                + "  clear counters [all]                    : clear max statistics counters (or all counters)\n")
                .endsWith("  help [<command>]                        : list matching or all commands\n"
                        + "  prompt                                  : toggle interactive mode with prompt\n"
                        + "  quit                                    : disconnect\n");
    }

    @Test
    void knownLeadingWordsListTheirCommands() {
        // HAProxy 2.6.12: "shutdown sessions" lists only "shutdown sessions server", then help/prompt/quit.
        assertThat(table.usage(List.of("shutdown", "sessions"), false)).isEqualTo(
                "Unknown command, but maybe one of the following ones is a better match:\n"
                        + "  shutdown sessions server <bk>/<srv>     : kill sessions on a server\n"
                        + "  help [<command>]                        : list matching or all commands\n"
                        + "  prompt                                  : toggle interactive mode with prompt\n"
                        + "  quit                                    : disconnect\n");
    }

    @Test
    void helpWithAWordListsTheCommandsStartingWithIt() {
        String help = table.usage(List.of("help", "get"), true);
        assertThat(help).isEqualTo("The following commands are valid at this level:\n"
                + "  get weight <bk>/<srv>                   : report a server's current weight\n"
                + "  help [<command>]                        : list matching or all commands\n"
                + "  prompt                                  : toggle interactive mode with prompt\n"
                + "  quit                                    : disconnect\n");
    }

    @Test
    void aMistypedWordSuggestsCloseCommands() {
        assertThat(table.usage(List.of("show", "infos"), false))
                .startsWith("Unknown command, but maybe one of the following ones is a better match:\n"
                        + "  show info [desc|json|typed|float]*      : report information about the running process\n");
    }
}
