package io.lbgate.config.properties;

import java.util.regex.Pattern;
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
        String except,
        @DefaultValue("X-Forwarded-For") String header,
        boolean ifNone) {

    /** The form only; the converter reads the address and the prefix length. */
    private static final Pattern NETWORK = Pattern.compile("[0-9A-Fa-f:.]+(/\\d{1,3})?");

    void checkValues(PropertyChecks at) {
        at.matches("except", except, NETWORK.asMatchPredicate(), "an address or NETWORK/BITS");
        at.required("header", header);
    }
}
