package io.lbgate.config.haproxy;

import io.lbgate.config.ProxyProtocol;
import io.lbgate.config.ServerConfig;
import java.time.Duration;

/**
 * The parameters of a {@code server} or {@code default-server} line while they are being read.
 * A server starts from a copy of its backend's {@code default-server} settings, which start from
 * HAProxy's built-in values.
 */
final class ServerSettings {
    boolean check;
    Duration inter = ServerConfig.DEFAULT_INTER;
    Duration fastInter;
    Duration downInter;
    int rise = ServerConfig.DEFAULT_RISE;
    int fall = ServerConfig.DEFAULT_FALL;
    int weight = ServerConfig.DEFAULT_WEIGHT;
    int maxconn;
    int maxqueue;
    boolean backup;
    boolean disabled;
    ProxyProtocol sendProxy = ProxyProtocol.NONE;
    boolean checkSendProxy;
    Duration slowStart;
    boolean shutdownSessionsOnDown;
    int checkPort;
    String checkAddr;

    ServerSettings copy() {
        ServerSettings c = new ServerSettings();
        c.check = check;
        c.inter = inter;
        c.fastInter = fastInter;
        c.downInter = downInter;
        c.rise = rise;
        c.fall = fall;
        c.weight = weight;
        c.maxconn = maxconn;
        c.maxqueue = maxqueue;
        c.backup = backup;
        c.disabled = disabled;
        c.sendProxy = sendProxy;
        c.checkSendProxy = checkSendProxy;
        c.slowStart = slowStart;
        c.shutdownSessionsOnDown = shutdownSessionsOnDown;
        c.checkPort = checkPort;
        c.checkAddr = checkAddr;
        return c;
    }

    ServerConfig toServer(String name, String host, int port) {
        return new ServerConfig(name, host, port, check, inter, fastInter, downInter, rise, fall, weight,
                maxconn, maxqueue, backup, disabled, sendProxy, checkSendProxy, slowStart,
                shutdownSessionsOnDown, checkPort, checkAddr);
    }
}
