package io.lbgate.config.haproxy;

import io.lbgate.config.ConfigProblem;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.PrometheusExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code http-request use-service prometheus-exporter}: the documented form, its variants and refusals. */
class PrometheusExporterKeywordTest {
    @TempDir
    Path dir;

    private FrontendConfig frontend(String rules) {
        return Configs.load(dir, Configs.TIMEOUTS + "defaults\n    mode http\nfrontend f\n    bind :8405\n" + rules
                + "    default_backend b\nbackend b\n").config().frontend("f").orElseThrow();
    }

    private ConfigProblem failure(String rules) {
        var e = Configs.fail(dir, Configs.TIMEOUTS + "defaults\n    mode http\nfrontend f\n    bind :8405\n" + rules
                + "    default_backend b\nbackend b\n");
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void theDocumentedFormServesItsPathOnly() {
        PrometheusExporter exporter = frontend("    http-request use-service prometheus-exporter if { path /metrics }\n")
                .prometheusExporter();
        assertThat(exporter).isEqualTo(new PrometheusExporter(Set.of("/metrics")));
        assertThat(exporter.serves("/metrics")).isTrue();
        assertThat(exporter.serves("/metrics/x")).isFalse();
        assertThat(exporter.serves("/")).isFalse();
    }

    @Test
    void severalPathsAndSeveralRulesAddUp() {
        assertThat(frontend("""
                    http-request use-service prometheus-exporter if { path /metrics /m }
                    http-request use-service prometheus-exporter if { path /prom }
                """).prometheusExporter().paths()).containsExactlyInAnyOrder("/metrics", "/m", "/prom");
    }

    @Test
    void withoutAConditionEveryRequestIsAScrape() {
        PrometheusExporter exporter = frontend("    http-request use-service prometheus-exporter\n").prometheusExporter();
        assertThat(exporter.serves("/anything")).isTrue();
    }

    @Test
    void aFrontendWithoutTheRuleHasNoExporter() {
        assertThat(frontend("").prometheusExporter()).isNull();
    }

    @Test
    void unknownServicesAndMissingNamesAreHaproxysErrors() {
        assertThat(failure("    http-request use-service foo if { path /metrics }\n").message()).isEqualTo(
                "error detected in frontend 'f' while parsing 'http-request use-service' rule : 'foo' unknown service"
                        + " name..");
        assertThat(failure("    http-request use-service\n").message()).isEqualTo(
                "error detected in frontend 'f' while parsing 'http-request use-service' rule : 'use-service' expects"
                        + " a service name..");
        assertThat(failure("    http-request use-service prometheus-exporter if { path /metrics\n").message())
                .isEqualTo("error detected while parsing an 'http-request use-service' condition : missing closing"
                        + " '}' in condition.");
    }

    @Test
    void otherConditionsAndActionsAreRefusedWithTheirLine() {
        ConfigProblem condition = failure("    http-request use-service prometheus-exporter if { path_beg /m }\n");
        assertThat(condition.location()).endsWith("haproxy.cfg:9");
        assertThat(condition.message()).isEqualTo("'http-request use-service prometheus-exporter' : conditions other"
                + " than 'if { path <path> ... }' are not supported by lbgate (got 'if { path_beg /m }').");
        assertThat(failure("    http-request deny\n").message()).isEqualTo("'http-request deny' is not supported by"
                + " lbgate (only 'http-request use-service prometheus-exporter [if { path <path> }]').");
    }

    @Test
    void inATcpFrontendTheRuleIsIgnoredWithHaproxysWarning() {
        LoadedConfig loaded = Configs.load(dir, Configs.TIMEOUTS + """
                frontend f
                    mode tcp
                    bind :8405
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend b
                backend b
                """);
        assertThat(loaded.config().frontend("f").orElseThrow().prometheusExporter()).isNull();
        assertThat(loaded.warnings()).extracting(ConfigProblem::message)
                .contains("'http-request' rules ignored for frontend 'f' as they require HTTP mode.");
    }
}
