package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.validation.FieldError;

/** Bad values fail while binding, naming the property as the start-up failure report shows it. */
class PropertiesValidationTest {

    private static final String BACKEND = """
            lbgate:
              backends:
                - name: app
                  servers:
                    - name: s1
                      address: 127.0.0.1:8081
                    - name: s2
                      address: %s
                      weight: %s
            """;

    @Test
    void weightAbove256NamesTheServerWeight() {
        assertThat(violations(BACKEND.formatted("127.0.0.1:8082", "300")))
                .containsExactly("lbgate.backends[0].servers[1].weight: must be less than or equal to 256");
    }

    @Test
    void portAbove65535NamesTheServerAddress() {
        assertThat(violations(BACKEND.formatted("127.0.0.1:70000", "1"))).containsExactly(
                "lbgate.backends[0].servers[1].address: '127.0.0.1:70000': port 70000 is not within 1 and 65535");
    }

    @Test
    void addressWithoutPortIsRefused() {
        assertThat(violations(BACKEND.formatted("app.internal", "1"))).containsExactly(
                "lbgate.backends[0].servers[1].address: 'app.internal': missing port (expected: HOST:PORT)");
    }

    @Test
    void badDurationNamesTheProperty() {
        BindException e = bindFailure("""
                lbgate:
                  backends:
                    - name: app
                      servers:
                        - name: s1
                          address: 127.0.0.1:8081
                          inter: 5 parsecs
                """);

        assertThat(e.getName().toString()).isEqualTo("lbgate.backends[0].servers[0].inter");
        assertThat(e.getMessage()).contains("lbgate.backends[0].servers[0].inter");
    }

    @Test
    void badTimeoutNamesTheProperty() {
        BindException e = bindFailure("lbgate.defaults.timeouts.client: soon\n");

        assertThat(e.getName().toString()).isEqualTo("lbgate.defaults.timeouts.client");
    }

    @Test
    void bindMustBeAnIpAddress() {
        assertThat(violations("""
                lbgate:
                  frontends:
                    - name: web
                      binds: ["*:8080", "localhost:8081"]
                """)).containsExactly("lbgate.frontends[0].binds[1]: 'localhost:8081': a bind address must be an"
                + " IP address or '*', not 'localhost'");
    }

    @Test
    void everyBadValueOfOneElementIsReportedTogether() {
        assertThat(violations("""
                lbgate:
                  backends:
                    - name: app
                      servers:
                        - name: s1
                          address: 127.0.0.1:8081
                          rise: 0
                          maxconn: -1
                """)).containsExactlyInAnyOrder(
                "lbgate.backends[0].servers[0].rise: must be greater than or equal to 1",
                "lbgate.backends[0].servers[0].maxconn: must be greater than or equal to 0");
    }

    @Test
    void negativeFrontendMaxconnIsRefused() {
        assertThat(violations("""
                lbgate:
                  frontends:
                    - name: web
                      binds: ["*:8080"]
                      maxconn: -1
                """)).containsExactly("lbgate.frontends[0].maxconn: must be greater than or equal to 0");
    }

    @Test
    void unknownSyslogFacilityIsRefused() {
        assertThat(violations("""
                lbgate.global.logs:
                  - address: 127.0.0.1
                    facility: local9
                """)).containsExactly("lbgate.global.logs[0].facility: unknown syslog facility");
    }

    @Test
    void missingNamesAreRefused() {
        assertThat(violations("""
                lbgate:
                  backends:
                    - servers: []
                """)).containsExactly("lbgate.backends[0].name: must not be blank");
    }

    @Test
    void userInputInAMessageIsNotInterpolated() {
        assertThat(violations(BACKEND.formatted("\"${no.such.key}:70000\"", "1")))
                .singleElement().asString().contains("'${no.such.key}:70000': port 70000");
    }

    /** Every violation as {@code property.path: message}. */
    private static List<String> violations(String yaml) {
        BindException e = bindFailure(yaml);
        assertThat(e.getCause()).isInstanceOf(BindValidationException.class);
        BindValidationException validation = (BindValidationException) e.getCause();
        return validation.getValidationErrors().getAllErrors().stream()
                .map(error -> validation.getValidationErrors().getName() + "."
                        + ((FieldError) error).getField() + ": " + error.getDefaultMessage())
                .toList();
    }

    private static BindException bindFailure(String yaml) {
        BindException e = catchThrowableOfType(BindException.class, () -> YamlBinding.bind(yaml));
        assertThat(e).as("binding should fail").isNotNull();
        return e;
    }
}
