package io.lbgate.proxy.http;

import io.netty.handler.codec.DecoderResult;

/**
 * Why the client codec refused a request head, carried as the cause of its failed
 * {@link DecoderResult}, so that the stream answers with the page HAProxy gives for that case. Most
 * refusals are {@code 400 Bad request}; a request whose last transfer coding is {@code chunked} but
 * that names another coding before it ({@code Transfer-Encoding: gzip, chunked}) is
 * {@code 422 Unprocessable Content}, as HAProxy 2.6 answers.
 */
final class RefusedRequest extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorPage page;

    RefusedRequest(ErrorPage page, String reason) {
        super(reason);
        this.page = page;
    }

    static RefusedRequest badRequest(String reason) {
        return new RefusedRequest(ErrorPage.BAD_REQUEST, reason);
    }

    ErrorPage page() {
        return page;
    }

    /**
     * The answer to a request whose decoding failed: its own page when the codec refused it,
     * {@code 400} for anything else the decoder could not read.
     */
    static ErrorPage pageFor(DecoderResult result) {
        return result.cause() instanceof RefusedRequest refused ? refused.page : ErrorPage.BAD_REQUEST;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // A refusal is an answer to a client, not a bug: no stack to walk on the event loop.
        return this;
    }
}
