package io.lbgate.config;

/** What a proxy speaks: {@code mode http} or {@code mode tcp} (HAProxy's default). */
public enum ProxyMode {
    HTTP, TCP;

    /** The keyword as haproxy.cfg spells it. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
