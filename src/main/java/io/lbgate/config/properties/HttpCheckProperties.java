package io.lbgate.config.properties;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code option httpchk [METHOD] [URI] [VERSION]} and {@code http-check expect status N}. Writing the
 * block turns HTTP checks on; without it checks are plain TCP connects. A backend's block replaces
 * the one of {@code lbgate.defaults} as a whole.
 *
 * @param enabled      'false' turns off an inherited 'option httpchk'. Default true.
 * @param method       the request method; 'OPTIONS' by default
 * @param uri          the request URI; '/' by default
 * @param version      the HTTP version sent; 'HTTP/1.0' by default
 * @param expectStatus statuses that pass the check; empty (the default) means any 2xx or 3xx
 */
public record HttpCheckProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("OPTIONS") String method,
        @DefaultValue("/") String uri,
        @DefaultValue("HTTP/1.0") String version,
        List<Integer> expectStatus) {

    public HttpCheckProperties {
        expectStatus = expectStatus == null ? List.of() : expectStatus;
    }

    void checkValues(PropertyChecks at) {
        at.required("method", method);
        at.required("uri", uri);
        at.required("version", version);
        for (int i = 0; i < expectStatus.size(); i++) {
            String key = PropertyChecks.index("expect-status", i);
            at.required(key, expectStatus.get(i));
            at.between(key, expectStatus.get(i), 100, 599);
        }
    }
}
