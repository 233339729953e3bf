package io.lbgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One {@code server NAME ADDR:PORT [params]} line.
 *
 * @param name                   unique within its backend
 * @param host                   address or host name as configured (resolved once at load)
 * @param port                   1..65535
 * @param check                  whether health checks run ({@code check})
 * @param inter                  check interval when healthy; default 2s
 * @param fastInter              interval while transitioning; {@code null} means {@code inter}
 * @param downInter              interval while DOWN; {@code null} means {@code inter}
 * @param rise                   consecutive successes to go UP; default 2
 * @param fall                   consecutive failures to go DOWN; default 3
 * @param weight                 0..256; default 1
 * @param maxconn                concurrent connections sent to this server; 0 = unlimited
 * @param maxqueue               requests queued for this server; 0 = unlimited
 * @param backup                 used only when no active server is usable
 * @param disabled               starts in MAINT
 * @param sendProxy              PROXY protocol header sent on each connection
 * @param checkSendProxy         send the PROXY header on health checks as well
 * @param slowStart              weight ramp-up after coming back; {@code null} = none
 * @param shutdownSessionsOnDown {@code on-marked-down shutdown-sessions}
 * @param checkPort              port for checks; 0 = the server port
 * @param checkAddr              address for checks; {@code null} = the server address
 */
public record ServerConfig(
        String name,
        String host,
        int port,
        boolean check,
        Duration inter,
        Duration fastInter,
        Duration downInter,
        int rise,
        int fall,
        int weight,
        int maxconn,
        int maxqueue,
        boolean backup,
        boolean disabled,
        ProxyProtocol sendProxy,
        boolean checkSendProxy,
        Duration slowStart,
        boolean shutdownSessionsOnDown,
        int checkPort,
        String checkAddr) {

    public static final Duration DEFAULT_INTER = Duration.ofSeconds(2);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;
    public static final int DEFAULT_WEIGHT = 1;
    public static final int MAX_WEIGHT = 256;

    public ServerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(inter, "inter");
        Objects.requireNonNull(sendProxy, "sendProxy");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..256)");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise/fall: " + rise + "/" + fall + " (expected: >= 1)");
        }
    }

    /** A server with HAProxy's defaults for everything but its address. */
    public static ServerConfig of(String name, String host, int port) {
        return new ServerConfig(name, host, port, false, DEFAULT_INTER, null, null, DEFAULT_RISE,
                DEFAULT_FALL, DEFAULT_WEIGHT, 0, 0, false, false, ProxyProtocol.NONE, false, null,
                false, 0, null);
    }

    public Duration effectiveFastInter() {
        return fastInter != null ? fastInter : inter;
    }

    public Duration effectiveDownInter() {
        return downInter != null ? downInter : inter;
    }
}
