package io.lbgate.config.properties;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code option forwardfor [except NET] [header NAME] [if-none]}. Writing the block turns the option
 * on; a frontend's or backend's block replaces the one of {@code lbgate.defaults} as a whole, as a
 * new {@code option forwardfor} line does in haproxy.cfg.
 *
 * @param enabled whether the header is added; 'false' turns off an inherited
 *                'option forwardfor' ('no option forwardfor'). Default true.
 * @param except  clients of this network get no header, e.g. '127.0.0.0/8'; none by default
 * @param header  the header name; 'X-Forwarded-For' by default
 * @param ifNone  add the header only when the request has none. Default false.
 */
public record ForwardForProperties(
        @DefaultValue("true") boolean enabled,
        @Pattern(regexp = "[0-9A-Fa-f:.]+(/\\d{1,3})?", message = "expected an address or NETWORK/BITS")
        String except,
        @DefaultValue("X-Forwarded-For") @NotBlank String header,
        boolean ifNone) {
}
