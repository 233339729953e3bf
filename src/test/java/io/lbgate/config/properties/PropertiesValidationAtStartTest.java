package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.validation.FieldError;

/**
 * At start nothing passes {@link PropertiesValidator} to the binder: Spring Boot applies it because
 * {@link LbgateProperties} is a validator of itself. Spring Boot's failure report is made of these
 * field errors (property, rejected value, reason).
 */
class PropertiesValidationAtStartTest {

    @EnableConfigurationProperties(LbgateProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class);

    @Test
    void aBadValueStopsTheStartNamingThePropertyAndTheValue() {
        context.withPropertyValues("lbgate.global.maxconn=-5", "lbgate.backends[0].name=app",
                "lbgate.backends[0].servers[0].name=s1", "lbgate.backends[0].servers[0].address=127.0.0.1:8081",
                "lbgate.backends[0].servers[0].weight=300")
                .run(started -> {
                    assertThat(started).hasFailed();
                    Throwable root = NestedExceptionUtils.getMostSpecificCause(started.getStartupFailure());
                    assertThat(root).isInstanceOf(BindValidationException.class);
                    var errors = ((BindValidationException) root).getValidationErrors();
                    assertThat(errors.getName()).hasToString("lbgate");
                    assertThat(errors.getAllErrors()).map(FieldError.class::cast)
                            .extracting(e -> e.getField() + " = " + e.getRejectedValue() + ": " + e.getDefaultMessage())
                            .containsExactly("global.maxconn = -5: -5 (expected: at least 0)",
                                    "backends[0].servers[0].weight = 300: 300 (expected: between 0 and 256)");
                });
    }

    @Test
    void goodValuesStart() {
        context.withPropertyValues("lbgate.backends[0].name=app", "lbgate.backends[0].servers[0].name=s1",
                "lbgate.backends[0].servers[0].address=127.0.0.1:8081", "lbgate.backends[0].servers[0].weight=256")
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(LbgateProperties.class));
    }
}
