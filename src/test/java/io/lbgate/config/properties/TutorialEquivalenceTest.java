package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.haproxy.HaproxyConfigReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both configuration sources make the same model from the tutorial's deployment. */
class TutorialEquivalenceTest {

    private static final Path TUTORIAL = Path.of("src/test/resources/haproxy/tutorial-http.cfg");

    @Test
    void applicationYmlExampleEqualsTheTutorialHaproxyCfg() {
        GatewayConfig fromYaml = PropertiesConfigConverter
                .toLoadedConfig(YamlBinding.bind(TutorialExampleTest.EXAMPLE)).config();
        GatewayConfig fromCfg = HaproxyConfigReader.read(List.of(TUTORIAL)).config();

        assertThat(fromYaml).usingRecursiveComparison().ignoringFields("frontends.id", "backends.id")
                .isEqualTo(fromCfg);
    }

    /**
     * The one difference: the tutorial's file alternates frontend and backend, and HAProxy numbers
     * proxies in file order; the YAML lists have no order between them, frontends come first.
     */
    @Test
    void proxyIdsFollowEachSourcesOrder() {
        GatewayConfig fromYaml = PropertiesConfigConverter
                .toLoadedConfig(YamlBinding.bind(TutorialExampleTest.EXAMPLE)).config();
        GatewayConfig fromCfg = HaproxyConfigReader.read(List.of(TUTORIAL)).config();

        assertThat(fromCfg.frontends()).extracting(FrontendConfig::name, FrontendConfig::id)
                .containsExactly(tuple("ddb_fronted", 1), tuple("ddb_api", 3));
        assertThat(fromCfg.backends()).extracting(BackendConfig::name, BackendConfig::id)
                .containsExactly(tuple("ddb_backend", 2), tuple("ddb_api_backend", 4));
        assertThat(fromYaml.frontends()).extracting(FrontendConfig::name, FrontendConfig::id)
                .containsExactly(tuple("ddb_fronted", 1), tuple("ddb_api", 2));
        assertThat(fromYaml.backends()).extracting(BackendConfig::name, BackendConfig::id)
                .containsExactly(tuple("ddb_backend", 3), tuple("ddb_api_backend", 4));
    }
}
