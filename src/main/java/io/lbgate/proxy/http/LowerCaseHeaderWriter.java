package io.lbgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes header lines with their names in lower case, as HAProxy 2.6 writes every header it
 * forwards or generates, in both directions (checked against 2.6.12: {@code X-Custom-Header: a}
 * reaches the server as {@code x-custom-header: a}). Done byte by byte while encoding, so that no
 * header is copied.
 */
final class LowerCaseHeaderWriter {
    private LowerCaseHeaderWriter() {
    }

    static void write(HttpHeaders headers, ByteBuf buf) {
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                buf.writeByte(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            }
            buf.writeByte(':').writeByte(' ');
            ByteBufUtil.writeAscii(buf, header.getValue());
            buf.writeByte('\r').writeByte('\n');
        }
    }
}
