package io.lbgate.config;

import java.util.Objects;

/**
 * {@code option forwardfor [except NET] [header NAME] [if-none]}.
 *
 * @param except the network whose clients get no header ({@code null}: none), as written, e.g. {@code 127.0.0.0/8}
 * @param header the header name, {@code X-Forwarded-For} unless configured
 * @param ifNone add the header only when the request has none
 */
public record ForwardFor(String except, String header, boolean ifNone) {
    public static final String DEFAULT_HEADER = "X-Forwarded-For";

    public ForwardFor {
        Objects.requireNonNull(header, "header");
    }
}
