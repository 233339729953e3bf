package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mistake of a file is reported at once, with its file:line and HAProxy's wording. */
class ErrorFixturesTest {
    private static final String ERRORS = "src/test/resources/haproxy/errors.cfg";
    private static final String SEMANTIC = "src/test/resources/haproxy/semantic-errors.cfg";

    private static List<ConfigProblem> problems(String... files) {
        return catchThrowableOfType(() -> HaproxyConfigReader.read(java.util.Arrays.stream(files).map(Path::of).toList()),
                InvalidConfigException.class).problems();
    }

    /*
     * `haproxy -c -f errors.cfg` (2.6.12) printed, for the same lines:
     *   parsing [errors.cfg:4] : unknown keyword 'bogus_global' in 'global' section; did you mean 'global' maybe ?
     *   parsing [errors.cfg:9] : unexpected character 'x' in 'timeout client'
     *   parsing [errors.cfg:13] : 'bind' : invalid port '70000'
     *   parsing [errors.cfg:14] : unknown keyword 'bogus_keyword' in 'frontend' section
     *   parsing [errors.cfg:17] : 'bind' : missing port specification in '1.2.3.4'
     *   parsing [errors.cfg:18] : unknown proxy mode 'foo'.
     *   parsing [errors.cfg:19] : unknown option 'nosuchopt'.
     *   parsing [errors.cfg:22] : balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', ...
     *   [errors.cfg:23] : 'server b/s1' : weight of server s1 is not within 0 and 256 (300)..
     *   [errors.cfg:24] : 'server b/s2' : 'rise' has to be > 0..
     *   [errors.cfg:25] : 'server b/s3' : 'fall' has to be > 0..
     *   [errors.cfg:26] : 'server b/s4' : invalid port '99999'
     *   [errors.cfg:27] : 'server b/s5' : unexpected character 'x' in 'agent-inter' argument of server s5..
     *   [errors.cfg:28] : 'server b/s6' : unknown keyword 'bogusparam'.
     *   parsing [errors.cfg:29] : 'http-check expect' : invalid character 'a' in the list of status codes.
     *   Parsing [errors.cfg:31]: backend 'b' has the same name as backend 'b' declared at errors.cfg:21.
     * HAProxy accepts line 16 (it has ACLs); lbgate refuses it. HAProxy names 'agent-inter' on line 27 by
     * mistake; lbgate names 'inter'. lbgate does not guess "did you mean".
     */
    @Test
    void reportsEveryParseErrorWithItsLine() {
        assertThat(problems(ERRORS)).extracting(ConfigProblem::severity, ConfigProblem::location, ConfigProblem::message)
                .containsExactly(
                        alert(4, "unknown keyword 'bogus_global' in 'global' section"),
                        alert(9, "unexpected character 'x' in 'timeout client'"),
                        alert(13, "'bind' : invalid port '70000'"),
                        alert(14, "unknown keyword 'bogus_keyword' in 'frontend' section"),
                        alert(16, "'use_backend b' : ACL conditions other than 'if TRUE' are not supported by lbgate"
                                + " (got 'if { path_beg /x }')."),
                        alert(17, "'bind' : missing port specification in '1.2.3.4'"),
                        alert(18, "unknown proxy mode 'foo'."),
                        alert(19, "unknown option 'nosuchopt'."),
                        alert(22, ProxyKeywords.BALANCE_SUPPORTS),
                        alert(23, "'server b/s1' : weight of server s1 is not within 0 and 256 (300).."),
                        alert(24, "'server b/s2' : 'rise' has to be > 0.."),
                        alert(25, "'server b/s3' : 'fall' has to be > 0.."),
                        alert(26, "'server b/s4' : invalid port '99999'"),
                        alert(27, "'server b/s5' : unexpected character 'x' in 'inter' argument of server s5.."),
                        alert(28, "'server b/s6' : unknown keyword 'bogusparam'."),
                        alert(29, "'http-check expect' : invalid character 'a' in the list of status codes."),
                        alert(31, "backend 'b' has the same name as backend 'b' declared at " + ERRORS + ":21."));
    }

    /*
     * `haproxy -c -f semantic-errors.cfg` (2.6.12) printed:
     *   Proxy 'f': unable to find required default_backend: 'nosuch'.
     *   parsing [semantic-errors.cfg:18] : backend 'h', another server named 's1' was already defined at line 17, ...
     * and, once s1 was renamed, "[semantic-errors.cfg:19] : 'server h/s2' : could not resolve address 'nosuch.invalid'."
     * HAProxy 2.6 lets a TCP frontend use an HTTP backend; lbgate refuses it.
     */
    @Test
    void semanticChecksRunWhenParsingSucceededAndPointAtTheLine() {
        assertThat(problems(SEMANTIC)).extracting(ConfigProblem::location, ConfigProblem::message).containsExactly(
                tuple(SEMANTIC + ":9", "Proxy 'f': unable to find required default_backend: 'nosuch'."),
                tuple(SEMANTIC + ":13", "Proxy 'g': unable to use proxy 'h' with wrong mode, required: tcp, has: http."),
                tuple(SEMANTIC + ":18", "'server h/s1' : a server with the same name already exists in backend 'h'."),
                tuple(SEMANTIC + ":19", "'server h/s2' : could not resolve address 'nosuch.invalid'."));
    }

    @Test
    void semanticChecksDoNotRunAfterAParseError() {
        assertThat(problems(ERRORS)).extracting(ConfigProblem::message)
                .noneMatch(m -> m.contains("unable to find required default_backend"));
    }

    @Test
    void missingFileIsAnAlertWithoutLocation() {
        // HAProxy 2.6.12: "Cannot open configuration file/directory nosuch.cfg : No such file or directory"
        assertThat(problems("nosuch.cfg")).containsExactly(ConfigProblem.alert(null,
                "Cannot open configuration file/directory nosuch.cfg : No such file or directory"));
    }

    private static org.assertj.core.groups.Tuple alert(int line, String message) {
        return tuple(ConfigProblem.Severity.ALERT, ERRORS + ":" + line, message);
    }
}
