package io.lbgate.runtime;

import java.util.List;
import java.util.Locale;

/**
 * HAProxy's fuzzy word matching, used to suggest commands for a mistyped one: a word's
 * fingerprint counts its letter transitions (a-z, digits as one class, anything else as one class,
 * plus begin and end), and two fingerprints are as far apart as the sum of their differences.
 */
final class Fingerprint {
    private static final int OTHER = 28;

    private final int[] counts = new int[32 * 32];

    /** The fingerprint of {@code words} together, as HAProxy sums the remaining words of a line. */
    static Fingerprint of(List<String> words) {
        Fingerprint f = new Fingerprint();
        words.forEach(f::add);
        return f;
    }

    private void add(String word) {
        int from = OTHER; // begin
        for (char ch : word.toLowerCase(Locale.ROOT).toCharArray()) {
            int to;
            if (ch >= 'a' && ch <= 'z') {
                to = ch - 'a' + 1;
            } else if (ch >= '0' && ch <= '9') {
                to = 27;
            } else {
                to = OTHER;
            }
            counts[32 * from + to]++;
            from = to;
        }
        counts[32 * from + OTHER]++; // end
    }

    int distance(Fingerprint other) {
        int d = 0;
        for (int i = 0; i < counts.length; i++) {
            d += Math.abs(counts[i] - other.counts[i]);
        }
        return d;
    }
}
