package io.lbgate.config.haproxy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** HAProxy's time and size notations. */
final class Units {

    private Units() {
    }

    /** HAProxy's timers are signed 32-bit millisecond counts: about 24.8 days at most. */
    static final Duration MAX_TIMER = Duration.ofMillis(Integer.MAX_VALUE);

    /**
     * The value had a character HAProxy would stop at ({@link #offending()}, {@code 0} when empty),
     * or was too large ({@link #overflow()}).
     */
    static final class BadValueException extends Exception {
        private final char offending;
        private final boolean overflow;

        BadValueException(char offending) {
            this(offending, false);
        }

        private BadValueException(char offending, boolean overflow) {
            super(overflow ? "timer overflow" : offending == 0 ? "empty value" : "unexpected character '" + offending + "'");
            this.offending = offending;
            this.overflow = overflow;
        }

        static BadValueException tooLarge() {
            return new BadValueException((char) 0, true);
        }

        char offending() {
            return offending;
        }

        boolean overflow() {
            return overflow;
        }
    }

    /**
     * Parses a time such as {@code 5s}: digits then one of {@code us ms s m h d}; no unit means
     * milliseconds. Combined forms ({@code 1m30s}) are refused as HAProxy refuses them.
     */
    static Duration time(String value) throws BadValueException {
        return time(value, MAX_TIMER);
    }

    /**
     * As {@link #time(String)}, refusing values above {@code max} (HAProxy's "timer overflow"), so
     * that {@code -c} never passes a value the start would then fail on.
     */
    static Duration time(String value, Duration max) throws BadValueException {
        int digits = leadingDigits(value);
        long amount;
        try {
            amount = parseAmount(value, digits);
        } catch (BadValueException e) {
            if (digits > 0 && digits == value.length() || digits > 18) {
                throw BadValueException.tooLarge();
            }
            throw e;
        }
        String unit = value.substring(digits);
        ChronoUnit chrono = switch (unit) {
            case "", "ms" -> ChronoUnit.MILLIS;
            case "us" -> ChronoUnit.MICROS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> throw new BadValueException(firstBadUnitChar(unit));
        };
        try {
            Duration d = Duration.of(amount, chrono);
            if (d.compareTo(max) > 0) {
                throw BadValueException.tooLarge();
            }
            return d;
        } catch (ArithmeticException e) {
            throw BadValueException.tooLarge();
        }
    }

    /** Parses a size such as {@code 16k}: digits then an optional {@code k m g} (powers of 1024). */
    static long size(String value) throws BadValueException {
        int digits = leadingDigits(value);
        long amount = parseAmount(value, digits);
        String unit = value.substring(digits).toLowerCase(java.util.Locale.ROOT);
        return switch (unit) {
            case "" -> amount;
            case "k" -> amount << 10;
            case "m" -> amount << 20;
            case "g" -> amount << 30;
            default -> throw new BadValueException(
                    "kmg".indexOf(unit.charAt(0)) >= 0 ? value.charAt(digits + 1) : value.charAt(digits));
        };
    }

    private static int leadingDigits(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static long parseAmount(String value, int digits) throws BadValueException {
        if (value.isEmpty()) {
            throw new BadValueException((char) 0);
        }
        if (digits == 0) {
            throw new BadValueException(value.charAt(0));
        }
        try {
            return Long.parseLong(value.substring(0, digits));
        } catch (NumberFormatException e) {
            throw new BadValueException(value.charAt(digits - 1));
        }
    }

    /** The character HAProxy stops at in an unknown unit: after a known prefix such as "m" of "mx". */
    private static char firstBadUnitChar(String unit) {
        for (String known : new String[] {"us", "ms"}) {
            if (unit.startsWith(known)) {
                return unit.charAt(known.length());
            }
        }
        if ("smhd".indexOf(unit.charAt(0)) >= 0 && unit.length() > 1) {
            return unit.charAt(1);
        }
        return unit.charAt(0);
    }
}
