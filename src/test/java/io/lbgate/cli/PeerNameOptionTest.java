package io.lbgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code -L <name>}, HAProxy's local peer name, reaches the peers as a Spring property. */
class PeerNameOptionTest {

    @Test
    void dashLNamesThisNodeAmongItsPeers() {
        CommandLineOptions options = CommandLineOptions.parse("-f", "haproxy.cfg", "-L", "lb2");
        assertThat(options.springArgs()).containsExactly("--lbgate.peers.local-peer=lb2");
    }

    @Test
    void dashLWithoutANameIsAUsageError() {
        assertThatThrownBy(() -> CommandLineOptions.parse("-f", "haproxy.cfg", "-L"))
                .isInstanceOf(CommandLineOptions.UsageException.class).hasMessage("-L requires a peer name");
    }
}
