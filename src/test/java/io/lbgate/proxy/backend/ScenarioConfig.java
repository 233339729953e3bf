package io.lbgate.proxy.backend;

import java.nio.file.Path;

/** The haproxy.cfg of a scenario, the same for lbgate and HAProxy (HAProxy adds a stats socket). */
final class ScenarioConfig {
    private ScenarioConfig() {
    }

    static String write(String mode, Scenario s, ScenarioServers servers, int port, int syslogPort, Path statsSocket) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("global\n    log 127.0.0.1:").append(syslogPort).append(" local0\n");
        if (statsSocket != null) {
            cfg.append("    stats socket ").append(statsSocket).append(" level admin\n");
        }
        cfg.append("""
                defaults
                    mode %s
                    log global
                    option %s
                    retries 3
                    timeout connect 200ms
                    timeout client 5s
                    timeout server 5s
                    timeout queue 3s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    balance %s
                """.formatted(mode, mode.equals("http") ? "httplog" : "tcplog", port, s.balance()));
        if (!s.options().isEmpty()) {
            cfg.append("    ").append(s.options()).append('\n');
        }
        for (int i = 0; i < s.servers().size(); i++) {
            cfg.append("    server node").append(i + 1).append(" 127.0.0.1:").append(servers.port(i));
            if (!s.serverParams().isEmpty() && s.servers().get(i) == ScenarioServers.Kind.SLOW) {
                cfg.append(' ').append(s.serverParams());
            }
            cfg.append('\n');
        }
        return cfg.toString();
    }
}
