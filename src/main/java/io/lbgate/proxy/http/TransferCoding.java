package io.lbgate.proxy.http;

import java.util.List;

/**
 * Reads a request's {@code Transfer-Encoding} headers word by word, as HAProxy 2.6 does, and
 * refuses what HAProxy refuses. A request body is framed by {@code chunked} or not at all, so:
 * <ul>
 *   <li>no {@code chunked} at all ({@code xchunked}, {@code identity}, {@code gzip},
 *       {@code chunked;x=1}, an empty value): 400, since the body's end cannot be known;</li>
 *   <li>{@code chunked} twice, or any coding after it ({@code chunked, gzip}): 400;</li>
 *   <li>{@code chunked} last with another coding before it ({@code gzip, chunked}): 422
 *       Unprocessable Content.</li>
 * </ul>
 * Words are separated by commas and trimmed of blanks; an empty word between commas counts as an
 * unknown coding ({@code ", chunked"} is 422), a comma at the very end is ignored ({@code "chunked,"}
 * is plain chunked) — both exactly as HAProxy parses them. Several headers are read as one list.
 */
final class TransferCoding {
    private TransferCoding() {
    }

    /** @return the refusal, or {@code null} when there is no Transfer-Encoding or it is plain chunked */
    static RefusedRequest check(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        boolean chunked = false;
        boolean other = false;
        boolean lastChunked = false;
        for (String value : values) {
            int i = 0;
            int end = value.length();
            while (i < end) {
                char c = value.charAt(i);
                if (c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                int comma = value.indexOf(',', i);
                int wordEnd = comma < 0 ? end : comma;
                String word = value.substring(i, wordEnd).strip();
                if (word.equalsIgnoreCase("chunked")) {
                    if (chunked) {
                        return RefusedRequest.badRequest("chunked twice in Transfer-Encoding");
                    }
                    chunked = true;
                    lastChunked = true;
                } else {
                    if (chunked) {
                        return RefusedRequest.badRequest("a transfer coding after chunked");
                    }
                    other = true;
                    lastChunked = false;
                }
                // Step over the comma; the loop then starts on the next word's first byte.
                i = wordEnd + 1;
            }
            if (value.isBlank()) {
                other = true;
                lastChunked = false;
            }
        }
        if (!lastChunked) {
            return RefusedRequest.badRequest("request body not framed by chunked");
        }
        return other
                ? new RefusedRequest(ErrorPage.UNPROCESSABLE_CONTENT, "a transfer coding before chunked")
                : null;
    }
}
