package io.lbgate.pair;

import java.nio.file.Path;
import java.util.List;

/**
 * What runs on a gateway node: lbgate (the packaged jar), or HAProxy 2.6 for the oracle run
 * ({@code -Dlbgate.pair.gateway=haproxy}), on the same haproxy.cfg apart from the few lines each
 * needs for the readiness answer keepalived's {@code vrrp_script} asks.
 */
enum GatewayKind {
    LBGATE("TERM"),
    /** HAProxy's soft stop is SIGUSR1; its readiness is a {@code monitor-uri} at the same path. */
    HAPROXY("USR1");

    static final String READINESS = "http://127.0.0.1:1080/actuator/health/readiness";
    static final Path JAR = Path.of(System.getProperty("lbgate.jar", "target/lbgate.jar")).toAbsolutePath();

    /** The signal of a planned stop. */
    final String stopSignal;

    GatewayKind(String stopSignal) {
        this.stopSignal = stopSignal;
    }

    static GatewayKind fromSystemProperty() {
        return valueOf(System.getProperty("lbgate.pair.gateway", "lbgate").toUpperCase());
    }

    /**
     * The tutorial's haproxy.cfg for the two data nodes, with a stats listener on 1080; the
     * frontend binds the VIP with {@code transparent} (docs/high-availability.md: the backup binds
     * it before it holds it, and answers in flight when the VIP moves away still get out).
     */
    String config() {
        String stats = this == HAPROXY ? "    monitor-uri /actuator/health/readiness\n" : "";
        return """
                global
                    maxconn 2000
                defaults
                    mode http
                    option httplog
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind %s:8080 transparent
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    server node1 %s:9301 check inter 1s
                    server node2 %s:9301 check inter 1s
                listen stats
                    bind 0.0.0.0:1080
                    stats enable
                    stats uri /haproxyadmin
                    stats auth admin:admin
                    stats admin if TRUE
                %s""".formatted(PairTopology.VIP, PairTopology.DATA1, PairTopology.DATA2, stats);
    }

    List<String> command(Path config) {
        if (this == HAPROXY) {
            return List.of("/usr/sbin/haproxy", "-db", "-f", config.toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-jar", JAR.toString(), "-f", config.toString());
    }
}
