package io.lbgate.support;

/** haproxy.cfg text shared by tests that check one behaviour from several sides. */
public final class ConfigFixtures {
    private ConfigFixtures() {
    }

    /**
     * Every kind of proxy, mixed; HAProxy 2.6.12 numbered them 1 2 3 4 5 in file order (listen
     * stats is 3). No defaults section: callers put one in front when they need it.
     */
    public static final String MIXED_PROXIES = """
            backend be_first
                server s1 127.0.0.1:8001
            frontend fe_one
                bind 127.0.0.1:8000
                default_backend be_first
            listen stats
                bind 127.0.0.1:8404
                stats enable
                stats uri /s
            backend be_last
                server s1 127.0.0.1:8002
                server s2 127.0.0.1:8003
            listen lst
                bind 127.0.0.1:8080
                server s1 127.0.0.1:8004
            """;
}
