package io.lbgate.config.haproxy;

/** A {@code server} or {@code bind} parameter is wrong; the message is HAProxy's text after the prefix. */
final class OptionException extends Exception {
    OptionException(String message) {
        super(message);
    }
}
