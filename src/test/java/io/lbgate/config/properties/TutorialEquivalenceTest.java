package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;

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

        assertThat(fromYaml).isEqualTo(fromCfg);
    }
}
