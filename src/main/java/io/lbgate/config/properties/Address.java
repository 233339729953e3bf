package io.lbgate.config.properties;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code host:port} string in one of the forms haproxy.cfg accepts for the given {@link Form}.
 * {@code null} is valid (pair with {@code @NotBlank} when required).
 */
@Documented
@Constraint(validatedBy = Address.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Address {

    Form value();

    String message() default "invalid address";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    enum Form {
        /** {@code *:8080}, {@code 127.0.0.1:8080}, {@code [::]:8080}: an IP literal or every address. */
        BIND,
        /** {@code host:port}, the host may be a name. */
        SERVER,
        /** {@code host[:port]}, port 514 by default. */
        SYSLOG
    }

    /** Reports the parser's own message, so the operator reads the same text at bind time and after. */
    final class Validator implements ConstraintValidator<Address, String> {
        private Form form;

        @Override
        public void initialize(Address annotation) {
            form = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                switch (form) {
                    case BIND -> PropertyAddresses.bind(value);
                    case SERVER -> PropertyAddresses.server(value);
                    case SYSLOG -> PropertyAddresses.syslog(value);
                }
                return true;
            } catch (IllegalArgumentException e) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(escape(e.getMessage())).addConstraintViolation();
                return false;
            }
        }

        // The message quotes the operator's input; keep it from being read as a template expression.
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
