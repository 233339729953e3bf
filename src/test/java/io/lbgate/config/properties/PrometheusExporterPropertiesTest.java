package io.lbgate.config.properties;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.PrometheusExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code lbgate.frontends[].prometheus-exporter}, the application.yml form of the use-service rule. */
class PrometheusExporterPropertiesTest {
    private static final String FRONTEND = """
            lbgate:
              frontends:
                - name: web
                  mode: %s
                  binds: ["*:8405"]
                  timeouts: {client: 10s}
                  %s
            """;

    private static LoadedConfig load(String mode, String exporter) {
        return PropertiesConfigConverter.toLoadedConfig(YamlBinding.bind(FRONTEND.formatted(mode, exporter)));
    }

    @Test
    void theDocumentedPath() {
        assertThat(load("http", "prometheus-exporter: [/metrics]").config().frontends().get(0).prometheusExporter())
                .isEqualTo(new PrometheusExporter(Set.of("/metrics")));
    }

    @Test
    void pathsAreTheOnesGiven() {
        assertThat(load("http", "prometheus-exporter: [/prom, /m]").config().frontends().get(0)
                .prometheusExporter().paths()).containsExactlyInAnyOrder("/prom", "/m");
    }

    @Test
    void aPathMustStartWithASlash() {
        BindException e = catchThrowableOfType(BindException.class, () -> load("http", "prometheus-exporter: [metrics]"));
        BindValidationException validation = (BindValidationException) e.getCause();
        assertThat(validation.getValidationErrors().getName()).hasToString("lbgate");
        assertThat(validation.getValidationErrors().getAllErrors())
                .extracting(error -> ((FieldError) error).getField() + ": " + error.getDefaultMessage())
                .containsExactly("frontends[0].prometheus-exporter[0]: 'metrics' (expected: a path starting with '/')");
    }

    @Test
    void withoutTheKeyThereIsNoExporter() {
        assertThat(load("http", "").config().frontends().get(0).prometheusExporter()).isNull();
    }

    @Test
    void aTcpFrontendIgnoresItWithAWarningNamingTheProperty() {
        LoadedConfig loaded = load("tcp", "prometheus-exporter: [/metrics]");
        assertThat(loaded.config().frontends().get(0).prometheusExporter()).isNull();
        assertThat(loaded.warnings()).extracting(ConfigProblem::location, ConfigProblem::message)
                .contains(org.assertj.core.groups.Tuple.tuple("lbgate.frontends[0].prometheus-exporter",
                        "'prometheus-exporter' ignored for frontend 'web' as it requires HTTP mode."));
    }
}
