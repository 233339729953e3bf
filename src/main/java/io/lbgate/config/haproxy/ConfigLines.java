package io.lbgate.config.haproxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a configuration file, read as a stream with bounded memory, so that {@code -f /dev/zero}
 * or a runaway generated file ends in an alert instead of exhausting the heap. HAProxy 2.6 grows its
 * line buffer without limit; lbgate stops at {@value #MAX_LINE} bytes per line and {@value #MAX_FILE}
 * per file, far above any real configuration. As in HAProxy, a NUL byte ends the file: the text
 * before it is still parsed, then the reader reports "Stray NUL character".
 *
 * <p>Lines end at LF; a CR before it is dropped. Bytes are decoded as UTF-8 with malformed sequences
 * replaced, since comments are often in another charset.
 */
final class ConfigLines {
    static final int MAX_LINE = 1 << 20;
    static final long MAX_FILE = 64L << 20;

    /**
     * One line: its text (up to a NUL), the 1-based position of a NUL in it ({@code 0} for none), or
     * {@code tooLong} when it passed {@link #MAX_LINE}.
     */
    record Next(String text, int nulAt, boolean tooLong) {
    }

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int number;
    private long total;
    private boolean ended;

    ConfigLines(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /** The 1-based number of the line last returned. */
    int number() {
        return number;
    }

    /** Bytes read so far. */
    long total() {
        return total;
    }

    /** @return the next line, or {@code null} at the end of the file */
    Next next() throws IOException {
        if (ended) {
            return null;
        }
        line.reset();
        int nulAt = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                ended = true;
                if (line.size() == 0 && nulAt == 0) {
                    return null;
                }
                break;
            }
            total++;
            if (b == '\n') {
                break;
            }
            if (b == 0) {
                nulAt = line.size() + 1;
                ended = true;
                break;
            }
            if (line.size() >= MAX_LINE) {
                number++;
                ended = true;
                return new Next("", 0, true);
            }
            line.write(b);
        }
        number++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' && nulAt == 0 ? bytes.length - 1 : bytes.length;
        return new Next(new String(bytes, 0, length, StandardCharsets.UTF_8), nulAt, false);
    }
}
