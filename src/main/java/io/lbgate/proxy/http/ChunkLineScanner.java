package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;

/**
 * Follows a chunked request body on the raw bytes, ahead of Netty's decoder, to refuse the
 * chunk-size lines HAProxy refuses but Netty quietly trims: blanks before the size ({@code " 5"})
 * or anything but blanks, an extension or the line end after it ({@code "5 x"}). Netty reads both
 * as a plain size; HAProxy answers 400, and a server behind another parser might read them some
 * third way. Everything else (hex digits, size overflow, the CRLF after the data, trailers) Netty
 * already checks as strictly as HAProxy, so the scanner stops at the last chunk.
 *
 * <p>It is fed each byte once, in order; the caller keeps track of how far it has fed.
 */
final class ChunkLineScanner {
    private enum State { SIZE_START, SIZE, SIZE_BLANKS, EXTENSION, SIZE_CR, DATA, DATA_CR, DATA_LF, DONE }

    private State state = State.SIZE_START;
    private long size;
    private long remaining;

    /** @return {@code false} when {@code buf[from, to)} breaks the chunk framing HAProxy accepts */
    boolean feed(ByteBuf buf, int from, int to) {
        for (int i = from; i < to && state != State.DONE; i++) {
            if (state == State.DATA) {
                int skip = (int) Math.min(remaining, to - i);
                remaining -= skip;
                i += skip - 1;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            if (!step(buf.getByte(i))) {
                return false;
            }
        }
        return true;
    }

    /** The last chunk was seen: the trailers and the end of the body are Netty's to check. */
    boolean done() {
        return state == State.DONE;
    }

    private boolean step(byte b) {
        switch (state) {
            case SIZE_START -> {
                if (Character.digit(b, 16) < 0) {
                    return false;
                }
                size = Character.digit(b, 16);
                state = State.SIZE;
            }
            case SIZE -> {
                if (Character.digit(b, 16) >= 0) {
                    // Netty refuses an overflowing size itself; only keep the value bounded here.
                    size = Math.min(size * 16 + Character.digit(b, 16), Long.MAX_VALUE / 32);
                } else {
                    return afterSize(b);
                }
            }
            case SIZE_BLANKS -> {
                return afterSize(b);
            }
            case EXTENSION -> {
                if (b == '\n') {
                    lineEnd();
                }
            }
            case SIZE_CR -> {
                if (b != '\n') {
                    return false;
                }
                lineEnd();
            }
            case DATA_CR -> {
                if (b == '\n') {
                    state = State.SIZE_START;
                } else if (b == '\r') {
                    state = State.DATA_LF;
                } else {
                    return false;
                }
            }
            case DATA_LF -> {
                if (b != '\n') {
                    return false;
                }
                state = State.SIZE_START;
            }
            default -> throw new IllegalStateException(state.name());
        }
        return true;
    }

    private boolean afterSize(byte b) {
        switch (b) {
            case ' ', '\t' -> state = State.SIZE_BLANKS;
            case ';' -> state = State.EXTENSION;
            case '\r' -> state = State.SIZE_CR;
            case '\n' -> lineEnd();
            default -> {
                return false;
            }
        }
        return true;
    }

    private void lineEnd() {
        if (size == 0) {
            state = State.DONE;
        } else {
            remaining = size;
            state = State.DATA;
        }
    }
}
