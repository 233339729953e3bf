package io.lbgate.proxy.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayDeque;

/**
 * Request decoders that are between requests, per event loop. A client connection borrows one
 * when request bytes arrive and gives it back once the request is read to its end with nothing
 * read ahead, so an idle kept-alive connection holds no decoder: Netty's HTTP decoder with its
 * line buffer and parsers is about 400 bytes, a fifth of what an idle connection costs otherwise.
 * A loop needs at most as many as it has connections in the middle of reading a request at the
 * same time; more than {@link #MAX_KEPT} idle ones are left to the garbage collector.
 */
final class RequestDecoderPool {
    static final int MAX_KEPT = 32;

    private final HttpDecoderConfig config;
    private final FastThreadLocal<ArrayDeque<StrictRequestDecoder>> free = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<StrictRequestDecoder> initialValue() {
            return new ArrayDeque<>(MAX_KEPT);
        }
    };

    RequestDecoderPool(HttpDecoderConfig config) {
        this.config = config;
    }

    /** A decoder at rest for the calling event loop's connection. */
    StrictRequestDecoder take() {
        StrictRequestDecoder decoder = free.get().pollLast();
        return decoder != null ? decoder : new StrictRequestDecoder(config);
    }

    /** Gives back a decoder that is {@linkplain StrictRequestDecoder#atRest() at rest}; on the same loop. */
    void give(StrictRequestDecoder decoder) {
        decoder.lendTo(null);
        ArrayDeque<StrictRequestDecoder> kept = free.get();
        if (kept.size() < MAX_KEPT) {
            kept.addLast(decoder);
        }
    }
}
