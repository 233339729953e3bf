package io.lbgate.config.haproxy;

import java.util.Locale;
import java.util.Optional;

/** The haproxy.cfg sections lbgate reads; any other section is refused as a whole. */
enum Section {
    GLOBAL(false, false),
    DEFAULTS(true, true),
    FRONTEND(true, false),
    BACKEND(false, true),
    LISTEN(true, true);

    private final boolean frontendCapability;
    private final boolean backendCapability;

    Section(boolean frontendCapability, boolean backendCapability) {
        this.frontendCapability = frontendCapability;
        this.backendCapability = backendCapability;
    }

    static Optional<Section> ofKeyword(String word) {
        for (Section s : values()) {
            if (s.keyword().equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The word HAProxy uses for such a proxy in its messages ({@code listen} is a "proxy"). */
    String proxyType() {
        return this == LISTEN ? "proxy" : keyword();
    }

    boolean isProxy() {
        return this == FRONTEND || this == BACKEND || this == LISTEN;
    }

    boolean hasFrontendCapability() {
        return frontendCapability;
    }

    boolean hasBackendCapability() {
        return backendCapability;
    }
}
