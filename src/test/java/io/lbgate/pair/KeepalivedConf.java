package io.lbgate.pair;

/**
 * The tutorial's keepalived.conf for one gateway node, as docs/high-availability.md gives it:
 * {@code vrrp_script} every 2 s with {@code weight -30} asking the gateway's readiness,
 * {@code virtual_router_id 51}, {@code advert_int 1}, {@code auth_type PASS}, priority 100 on the
 * primary and 80 on the backup, and the notify script shipped with lbgate.
 */
final class KeepalivedConf {
    private KeepalivedConf() {
    }

    /**
     * @param notify the {@code notify} line's command, or null for none (the HAProxy oracle run)
     */
    static String of(String node, boolean primary, String notify) {
        String notifyLine = notify == null ? "" : "    notify \"" + notify + "\"\n";
        return """
                global_defs {
                    router_id %s
                    # The check and notify scripts run as root; keepalived refuses scripts that a
                    # non-root user could change.
                    script_user root
                    enable_script_security
                }
                vrrp_script chk_lbgate {
                    script "/usr/bin/curl -fsS --max-time 2 -o /dev/null %s"
                    interval 2
                    weight -30
                }
                vrrp_instance VI_1 {
                    state %s
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass lbgate51
                    }
                    virtual_ipaddress {
                        %s/24
                    }
                    track_script {
                        chk_lbgate
                    }
                %s}
                """.formatted(node, GatewayKind.READINESS, primary ? "MASTER" : "BACKUP", primary ? 100 : 80,
                PairTopology.VIP, notifyLine);
    }
}
