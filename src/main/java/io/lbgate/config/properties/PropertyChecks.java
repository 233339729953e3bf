package io.lbgate.config.properties;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.validation.Errors;

/**
 * The value rules of the {@code lbgate:} records, each reported as an error on the property the
 * operator wrote ({@code backends[0].servers[1].weight}, relative to {@code lbgate}) with a message
 * that quotes the value: {@code 300 (expected: between 0 and 256)}. Every record states its own rules
 * in a {@code checkValues(PropertyChecks)} method; {@link #nested} and {@link #each} descend into a record
 * or a list, so every bad value of the whole section is reported at once, in the order it is written.
 *
 * <p>A key is written as in application.yml, in kebab case ({@code fast-inter}), because the report
 * shows it as the property to correct. An unset value ({@code null}) passes every rule but
 * {@link #required}: unset means inherited or HAProxy's default.
 *
 * <p>These plain checks replace Bean Validation: Hibernate Validator and what it needs loaded about
 * 820 classes (3.3 MiB of metaspace) at every start for some seventy rules.
 */
final class PropertyChecks {

    private final Errors errors;

    PropertyChecks(Errors errors) {
        this.errors = errors;
    }

    /**
     * A text that must be written and not blank: a name, a method.
     *
     * @return whether it is, so that a rule on its form is only checked then
     */
    boolean required(String key, String value) {
        if (value == null) {
            reject(key, "not set (expected: a value)");
            return false;
        }
        if (value.isBlank()) {
            reject(key, quoted(value) + " (expected: a value that is not blank)");
            return false;
        }
        return true;
    }

    /** A value that must be there: a choice with a default written empty, an empty list entry. */
    void required(String key, Object value) {
        if (value == null) {
            reject(key, "not set (expected: a value)");
        }
    }

    void atLeast(String key, Integer value, int min) {
        if (value != null && value < min) {
            reject(key, value + " (expected: at least " + min + ")");
        }
    }

    void between(String key, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            reject(key, value + " (expected: between " + min + " and " + max + ")");
        }
    }

    /** Timeouts and delays: a bare number is milliseconds, so the message says them in milliseconds. */
    void atLeast(String key, Duration value, Duration min) {
        if (value != null && value.compareTo(min) < 0) {
            reject(key, millis(value) + " (expected: at least " + millis(min) + ")");
        }
    }

    /**
     * A text value of a known form.
     *
     * @param expected what the value should have been, in the operator's words
     */
    void matches(String key, String value, Predicate<String> form, String expected) {
        if (value != null && !form.test(value)) {
            reject(key, quoted(value) + " (expected: " + expected + ")");
        }
    }

    /**
     * A {@code host:port} read by one of {@link PropertyAddresses}' parsers; the report is the parser's
     * own message, so the operator reads the same text here as when the address is used.
     */
    void address(String key, String value, Function<String, ?> parser) {
        if (!required(key, value)) {
            return;
        }
        try {
            parser.apply(value);
        } catch (IllegalArgumentException e) {
            reject(key, e.getMessage());
        }
    }

    /** Checks a nested block with its own rules; an unset block is not checked. */
    <T> void nested(String key, T block, BiConsumer<T, PropertyChecks> rules) {
        if (block == null) {
            return;
        }
        errors.pushNestedPath(key);
        try {
            rules.accept(block, this);
        } finally {
            errors.popNestedPath();
        }
    }

    /** Checks each entry of a list of blocks; an empty entry ({@code - } alone) is refused. */
    <T> void each(String key, List<T> entries, BiConsumer<T, PropertyChecks> rules) {
        for (int i = 0; i < entries.size(); i++) {
            String entry = index(key, i);
            if (entries.get(i) == null) {
                reject(entry, "empty entry (expected: a block of keys)");
            } else {
                nested(entry, entries.get(i), rules);
            }
        }
    }

    /** {@code binds[2]}: the key of a list entry, to check a list of plain values one by one. */
    static String index(String key, int i) {
        return key + "[" + i + "]";
    }

    private void reject(String key, String message) {
        // The message is shown as it is (no message source, no interpolation), so quoting the
        // operator's input, '${...}' included, is safe.
        errors.rejectValue(key, "lbgate.invalid", message);
    }

    private static String quoted(String value) {
        return "'" + value + "'";
    }

    private static String millis(Duration value) {
        return value.toMillis() + "ms";
    }
}
