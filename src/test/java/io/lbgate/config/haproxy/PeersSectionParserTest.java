package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.PeersConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code peers} section and {@code localpeer}, read as HAProxy 2.6.12 reads them. Each refused
 * or warned case below was run through {@code haproxy -c} (2.6.12) with the same lines; the comment
 * of each test quotes what it printed.
 */
class PeersSectionParserTest {
    private static final String PROXIES = Configs.TIMEOUTS + """
            frontend f
                bind 127.0.0.1:18080
                default_backend b
            backend b
                server s1 127.0.0.1:18081
            """;

    @TempDir
    Path dir;

    private static String cfg(String global, String peers) {
        return "global\n" + global + "\n" + peers + PROXIES;
    }

    private List<String> messages(List<ConfigProblem> problems) {
        return problems.stream().map(p -> (p.isAlert() ? "ALERT " : "WARNING ") + p.location() + " " + p.message())
                .map(s -> s.replace(dir.toString() + "/", "")).toList();
    }

    @Test
    void readsThePeerLinesAndTheLocalPeer() {
        LoadedConfig loaded = Configs.load(dir, cfg("    localpeer lb1", """
                peers mypeers
                    peer lb1 127.0.0.1:10001
                    peer lb2 [::1]:10002
                """));
        PeersConfig peers = loaded.config().peers();
        assertThat(peers.localPeer()).isEqualTo("lb1");
        assertThat(peers.sections()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("mypeers");
            assertThat(s.disabled()).isFalse();
            assertThat(s.peers()).extracting(PeersConfig.Peer::name, PeersConfig.Peer::host, PeersConfig.Peer::port)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("lb1", "127.0.0.1", 10001),
                            org.assertj.core.groups.Tuple.tuple("lb2", "::1", 10002));
        });
        assertThat(peers.sectionFor("lb2")).isPresent();
        assertThat(peers.sectionFor("lb3")).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void readsTheBindAndServerForm() {
        PeersConfig peers = Configs.load(dir, cfg("    localpeer lb1", """
                peers p
                    bind 127.0.0.1:10001
                    server lb1
                    server lb2 127.0.0.1:10002
                """)).config().peers();
        assertThat(peers.sections().get(0).peer("lb1")).get().extracting(PeersConfig.Peer::display)
                .isEqualTo("127.0.0.1:10001");
        assertThat(peers.sections().get(0).peer("lb2")).get().extracting(PeersConfig.Peer::display)
                .isEqualTo("127.0.0.1:10002");
    }

    /** haproxy -c: "Removing incomplete section 'peers mypeers' (no peer named 'lb9')." and the file is valid. */
    @Test
    void aSectionWithoutThisNodeIsAWarningAndSharesNothing() {
        LoadedConfig loaded = Configs.load(dir, cfg("    localpeer lb9", """
                peers mypeers
                    peer lb1 127.0.0.1:10001
                    peer lb2 127.0.0.1:10002
                """));
        assertThat(messages(loaded.warnings()))
                .containsExactly("WARNING null Removing incomplete section 'peers mypeers' (no peer named 'lb9').");
        assertThat(loaded.config().peers().sectionFor("lb9")).isEmpty();
    }

    @Test
    void disabledSectionSharesNothingAndEnabledUndoesIt() {
        PeersConfig disabled = Configs.load(dir, cfg("    localpeer lb1", """
                peers p
                    disabled
                    peer lb1 127.0.0.1:10001
                """)).config().peers();
        assertThat(disabled.sectionFor("lb1")).isEmpty();
        PeersConfig enabled = Configs.load(dir, cfg("    localpeer lb1", """
                peers p
                    disabled
                    enabled
                    peer lb1 127.0.0.1:10001
                """)).config().peers();
        assertThat(enabled.sectionFor("lb1")).isPresent();
    }

    /** haproxy -c accepts these lines silently; lbgate says it ignores them. */
    @Test
    void stickTableKeywordsAndPeerParametersAreIgnoredWithAWarning() {
        LoadedConfig loaded = Configs.load(dir, cfg("    localpeer lb1", """
                peers p
                    peer lb1 127.0.0.1:10001
                    peer lb2 127.0.0.1:10002 ssl verify none
                    table t type ip size 1k
                    default-server inter 1s
                """));
        assertThat(messages(loaded.warnings())).containsExactly(
                "WARNING haproxy.cfg:5 'peer lb2' : lbgate ignores 'ssl verify none' (its peer link is authenticated"
                        + " with a shared secret, see docs/peers.md).",
                "WARNING haproxy.cfg:6 'table' in 'peers' section is ignored: lbgate shares admin state with its peers,"
                        + " not stick tables or their logs.",
                "WARNING haproxy.cfg:7 'default-server' in 'peers' section is ignored: lbgate shares admin state with"
                        + " its peers, not stick tables or their logs.");
    }

    /*
     * haproxy -c (2.6.12) on the same lines:
     *   parsing [haproxy.cfg:5] : 'peer lb1' : local peer name already referenced at haproxy.cfg:4. lb1
     *   [haproxy.cfg:6] : 'server lb1/lb2' : invalid address: 'nosuchhost.invalid' in 'nosuchhost.invalid:10002'
     *   [haproxy.cfg:7] : 'server lb1/lb3' : invalid port '99999'
     *   [haproxy.cfg:8] : character '/' is not permitted in peer name 'lb/4'.
     *   parsing [haproxy.cfg:9] : unknown keyword 'shards' in 'peers' section
     *   parsing [haproxy.cfg:11] : mixing "peer" and "bind" line is forbidden
     *   Parsing [haproxy.cfg:12]: peers section 'mypeers' has the same name as another peers section declared at haproxy.cfg:3.
     * lbgate words the duplicate peer its own way: HAProxy refuses only a second local peer (and
     * keeps two remote peers of one name, which lbgate could not tell apart).
     */
    @Test
    void reportsEveryMistakeWithItsLineInHaproxysWords() {
        List<ConfigProblem> problems = Configs.fail(dir, cfg("    localpeer lb1", """
                peers mypeers
                    peer lb1 127.0.0.1:10001
                    peer lb1 127.0.0.1:10002
                    peer lb2 nosuchhost.invalid:10002
                    peer lb3 127.0.0.1:99999
                    peer lb/4 127.0.0.1:10004
                    shards 2
                peers other
                    peer lb1 127.0.0.1:10005
                    bind 127.0.0.1:10006
                peers mypeers
                    peer lb1 127.0.0.1:10007
                """)).problems();
        assertThat(messages(problems)).containsExactly(
                "ALERT haproxy.cfg:5 'peer lb1' : a peer with the same name is already declared at haproxy.cfg:4.",
                "ALERT haproxy.cfg:6 'server lb1/lb2' : invalid address: 'nosuchhost.invalid' in"
                        + " 'nosuchhost.invalid:10002'",
                "ALERT haproxy.cfg:7 'server lb1/lb3' : invalid port '99999'",
                "ALERT haproxy.cfg:8 character '/' is not permitted in peer name 'lb/4'.",
                "ALERT haproxy.cfg:9 unknown keyword 'shards' in 'peers' section",
                "ALERT haproxy.cfg:12 mixing \"peer\" and \"bind\" line is forbidden",
                "ALERT haproxy.cfg:13 peers section 'mypeers' has the same name as another peers section declared at"
                        + " haproxy.cfg:3.");
    }

    /*
     * haproxy -c: "parsing [haproxy.cfg:2] : 'localpeer' expects a name as an argument.", and with
     * localpeer after the section "'localpeer' ignored since it is used after 'peers' section."
     */
    @Test
    void localPeerNeedsANameAndComesBeforeThePeersSection() {
        assertThat(messages(Configs.fail(dir, cfg("    localpeer", "")).problems()))
                .containsExactly("ALERT haproxy.cfg:2 'localpeer' expects a name as an argument.");
        LoadedConfig late = Configs.load(dir, """
                peers p
                    peer lb1 127.0.0.1:10001
                global
                    localpeer lb1
                """ + PROXIES);
        assertThat(messages(late.warnings())).contains(
                "WARNING haproxy.cfg:4 'localpeer' ignored since it is used after 'peers' section.");
        assertThat(late.config().peers().localPeer()).isNull();
    }

    @Test
    void withoutPeersSectionTheModelHasNone() {
        assertThat(Configs.load(dir, cfg("", "")).config().peers()).isEqualTo(PeersConfig.NONE);
    }
}
