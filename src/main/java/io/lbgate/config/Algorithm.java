package io.lbgate.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The {@code balance} algorithms lbgate implements. */
public enum Algorithm {
    ROUNDROBIN("roundrobin"),
    STATIC_RR("static-rr"),
    LEASTCONN("leastconn"),
    FIRST("first"),
    SOURCE("source"),
    RANDOM("random");

    private final String keyword;

    Algorithm(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as haproxy.cfg spells it. */
    public String keyword() {
        return keyword;
    }

    /** The algorithm for a haproxy.cfg keyword, if lbgate has it. */
    public static Optional<Algorithm> ofKeyword(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.keyword.equals(k)).findFirst();
    }
}
