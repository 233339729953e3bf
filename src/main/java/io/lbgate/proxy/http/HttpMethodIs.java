package io.lbgate.proxy.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/** Small request predicates the framing rules need. */
final class HttpMethodIs {
    private HttpMethodIs() {
    }

    /** The answer to HEAD carries no body whatever its headers say. */
    static boolean head(HttpRequest request) {
        return HttpMethod.HEAD.equals(request.method());
    }
}
