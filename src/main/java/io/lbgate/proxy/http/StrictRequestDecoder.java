package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * The request side of {@link ProxyServerCodec}: Netty's request decoder, refusing what a proxy must
 * not pass on (see there). It is lent to a connection's codec while a request is being read and
 * goes back to its event loop's {@link RequestDecoderPool} between requests ({@link #atRest()}).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    /** After a refused request nothing more on the connection is decoded: it is about to close. */
    private boolean refused;
    /** The next bytes begin a request line (the previous request, if any, is complete). */
    private boolean atRequestLine = true;
    /** Set while a chunked request body is being read; {@code null} otherwise. */
    private ChunkLineScanner chunks;
    /** How many bytes from the buffer's reader index {@link #chunks} has already read. */
    private int scannedAhead;

    /** The connection's codec this decoder is lent to; it collects the request methods. */
    private ProxyServerCodec owner;

    StrictRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    void lendTo(ProxyServerCodec codec) {
        owner = codec;
    }

    /**
     * Between two requests with nothing read ahead: no state of any connection is left in this
     * decoder, so another connection may use it. Netty's decoder has reset itself after the last
     * part of the previous request.
     */
    boolean atRest() {
        return atRequestLine && !refused && chunks == null && actualReadableBytes() == 0;
    }

    /** Header names and the target repeat from request to request: see {@link RepeatedTokens}. */
    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
        return RepeatedTokens.name(sb, start, length);
    }

    @Override
    protected String splitSecondWordInitialLine(byte[] sb, int start, int length) {
        return RepeatedTokens.word(sb, start, length);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int before = out.size();
        String bad = atRequestLine ? checkRequestLine(buffer) : null;
        if (bad != null) {
            out.add(refusedHead(bad));
        } else if (!scanChunks(buffer)) {
            LastHttpContent refusedChunk = new DefaultLastHttpContent();
            refusedChunk.setDecoderResult(DecoderResult.failure(RefusedRequest.badRequest("invalid chunk size")));
            out.add(refusedChunk);
        } else {
            // With the request line still incomplete this only skips blank lines and enforces
            // the line-length limit.
            int readerBefore = buffer.readerIndex();
            super.decode(ctx, buffer, out);
            scannedAhead = Math.max(0, scannedAhead - (buffer.readerIndex() - readerBefore));
        }
        for (int i = before; i < out.size(); i++) {
            Object msg = out.get(i);
            if (msg instanceof HttpRequest request) {
                owner.addMethod(request.method());
                if (request.decoderResult().isSuccess()) {
                    RefusedRequest refusal = RequestValidator.head(request);
                    if (refusal != null) {
                        request.setDecoderResult(DecoderResult.failure(refusal));
                    } else if (HttpUtil.isTransferEncodingChunked(request)) {
                        // Netty has consumed exactly the head: the body's first size line is next.
                        chunks = new ChunkLineScanner();
                        scannedAhead = 0;
                    }
                }
            }
            if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                dropAfter(out, i);
                refused = true;
                buffer.skipBytes(buffer.readableBytes());
                return;
            }
            if (msg instanceof LastHttpContent) {
                atRequestLine = true;
                chunks = null;
            }
        }
    }

    /** Feeds the chunk scanner what it has not read yet; {@code false} when it refuses. */
    private boolean scanChunks(ByteBuf buffer) {
        if (chunks == null || chunks.done()) {
            return true;
        }
        int from = buffer.readerIndex() + scannedAhead;
        int to = buffer.writerIndex();
        scannedAhead += Math.max(0, to - from);
        return from >= to || chunks.feed(buffer, from, to);
    }

    /**
     * Looks at the raw request line before Netty normalises it. Blank lines before a request are
     * skipped (as HAProxy does); until the whole line is in, only its first byte can be judged.
     *
     * @return why the line is refused, or {@code null} (then {@link #atRequestLine} tells whether
     *         the line was complete and passed)
     */
    private String checkRequestLine(ByteBuf buffer) {
        int from = buffer.readerIndex();
        int end = buffer.writerIndex();
        while (from < end && (buffer.getByte(from) == '\r' || buffer.getByte(from) == '\n')) {
            from++;
        }
        if (from == end) {
            return null;
        }
        if (!RequestValidator.canStartRequest(buffer.getByte(from))) {
            return "invalid method";
        }
        int lf = buffer.indexOf(from, end, (byte) '\n');
        int cr = buffer.indexOf(from, lf < 0 ? end : lf, (byte) '\r');
        if (cr >= 0 && cr + 1 < end && buffer.getByte(cr + 1) != '\n') {
            // A bare CR: HAProxy refuses it at once rather than waiting for a line feed.
            return "bare CR in the request line";
        }
        if (lf < 0) {
            // Not all in yet; Netty's line-length limit still bounds what is kept waiting.
            return null;
        }
        String bad = RequestValidator.startLine(buffer, from, lf);
        if (bad == null) {
            atRequestLine = false;
        }
        return bad;
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        HttpMessage message = super.createMessage(initialLine);
        message.setProtocolVersion(RequestValidator.forwardedVersion(message.protocolVersion()));
        return message;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        super.handleTransferEncodingChunkedWithContentLength(message);
        message.setDecoderResult(DecoderResult.failure(
                RefusedRequest.badRequest("both Content-Length and Transfer-Encoding")));
    }

    /** A stand-in head for a request refused before Netty parsed it: the stream answers it and closes. */
    private static HttpRequest refusedHead(String reason) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.setDecoderResult(DecoderResult.failure(RefusedRequest.badRequest(reason)));
        return request;
    }

    /** Releases and removes whatever the decoder produced after the refused message at {@code index}. */
    private static void dropAfter(List<Object> out, int index) {
        while (out.size() > index + 1) {
            ReferenceCountUtil.release(out.remove(out.size() - 1));
        }
    }
}
