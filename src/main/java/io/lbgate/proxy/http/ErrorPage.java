package io.lbgate.proxy.http;

import java.nio.charset.StandardCharsets;

/**
 * The small HTML answers HAProxy generates itself, byte for byte, so that clients and monitors see
 * the same status lines and bodies: {@code <html><body><h1>503 Service Unavailable</h1>\n...}.
 */
public enum ErrorPage {
    BAD_REQUEST(400, "Bad request", "Your browser sent an invalid request."),
    REQUEST_TIMEOUT(408, "Request Time-out", "Your browser didn't send a complete request in time."),
    UNPROCESSABLE_CONTENT(422, "Unprocessable Content", "The server cannot process the contained instructions."),
    INTERNAL_ERROR(500, "Internal Server Error", "An internal server error occurred."),
    BAD_GATEWAY(502, "Bad Gateway", "The server returned an invalid or incomplete response."),
    SERVICE_UNAVAILABLE(503, "Service Unavailable", "No server is available to handle this request."),
    GATEWAY_TIMEOUT(504, "Gateway Time-out", "The server didn't respond in time.");

    private final int status;
    private final String reason;
    private final byte[] body;

    ErrorPage(int status, String reason, String sentence) {
        this.status = status;
        this.reason = reason;
        this.body = ("<html><body><h1>" + status + " " + reason + "</h1>\n" + sentence + "\n</body></html>\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** A fresh copy: callers hand it to Netty, which must not share our array. */
    public byte[] body() {
        return body.clone();
    }

    public int length() {
        return body.length;
    }
}
