package io.lbgate.proxy.http;

import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;

/**
 * The tokens of an HTTP/1.1 head that repeat from message to message: header names, and the words
 * of the first line ({@code GET}, {@code HTTP/1.1}, {@code 200}, {@code OK}). Netty's decoder copies
 * each into a new object; through this table the request and response decoders hand out the same
 * instance while the bytes are the same, which removes most of the garbage a proxied message
 * leaves (measured: about a quarter of what the kept-alive path allocated per request).
 *
 * <p>One table per kind, shared by every event loop: a slot is a plain field, so two loops may
 * race on it. That is harmless: {@link AsciiString} and {@link String} are immutable with final
 * fields, so a reader sees either an old complete token or a new complete one, and a lost write only
 * costs a copy the next time. A token is returned only when its bytes equal the input exactly, case
 * included. Memory is bounded: {@value #SLOTS} slots per kind, tokens of at most
 * {@value #MAX_LENGTH} bytes (longer ones are copied, not kept).
 */
final class RepeatedTokens {
    static final int SLOTS = 512;
    static final int MAX_LENGTH = 64;

    private static final AsciiString[] NAMES = new AsciiString[SLOTS];
    private static final String[] WORDS = new String[SLOTS];

    private RepeatedTokens() {
    }

    /** A header name: the same bytes as {@code bytes[start, start + length)}. */
    static AsciiString name(byte[] bytes, int start, int length) {
        if (length > MAX_LENGTH) {
            return new AsciiString(bytes, start, length, true);
        }
        int slot = slot(bytes, start, length);
        AsciiString kept = NAMES[slot];
        if (kept != null && sameBytes(kept.array(), kept.arrayOffset(), kept.length(), bytes, start, length)) {
            return kept;
        }
        AsciiString fresh = new AsciiString(bytes, start, length, true);
        NAMES[slot] = fresh;
        return fresh;
    }

    /** A word of the first line, decoded as Netty does (one byte, one char). */
    static String word(byte[] bytes, int start, int length) {
        if (length > MAX_LENGTH) {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
        int slot = slot(bytes, start, length);
        String kept = WORDS[slot];
        if (kept != null && sameChars(kept, bytes, start, length)) {
            return kept;
        }
        String fresh = new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        WORDS[slot] = fresh;
        return fresh;
    }

    private static int slot(byte[] bytes, int start, int length) {
        int h = length;
        for (int i = start, end = start + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    private static boolean sameBytes(byte[] a, int aFrom, int aLength, byte[] b, int bFrom, int bLength) {
        if (aLength != bLength) {
            return false;
        }
        for (int i = 0; i < aLength; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameChars(String kept, byte[] bytes, int start, int length) {
        if (kept.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (kept.charAt(i) != (char) (bytes[start + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
