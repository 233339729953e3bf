package io.lbgate.config.properties;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks the values of a bound {@code lbgate:} section while it is bound, as Spring Boot's binder
 * calls a validator: every bad value becomes a field error on its property, and the binding fails
 * with all of them ({@code BindValidationException}). At start Spring Boot reports them in its
 * failure analysis (property, value as written, reason); a reload reports them as problems
 * ({@code lifecycle.PropertiesReader}). Semantic checks (references, unique names) come after, in
 * {@link PropertiesConfigConverter}.
 *
 * <p>At start the binder finds this validator through {@link LbgateProperties}, which is a
 * {@link Validator} for that reason; a binding made outside the context passes it to a
 * {@code ValidationBindHandler}.
 */
public final class PropertiesValidator implements Validator {

    @Override
    public boolean supports(Class<?> type) {
        return LbgateProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ((LbgateProperties) target).checkValues(new PropertyChecks(errors));
    }
}
