package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ProxyProtocol;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PropertiesBindingTest {

    @Test
    void emptySectionBindsHaproxyDefaults() {
        LbgateProperties p = YamlBinding.bind("lbgate: {}\n");

        assertThat(p.defaults().mode()).isEqualTo(ProxyMode.TCP);
        assertThat(p.defaults().balance()).isEqualTo(Algorithm.ROUNDROBIN);
        assertThat(p.defaults().retries()).isEqualTo(3);
        assertThat(p.defaults().connectionMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(p.defaults().forwardfor()).isNull();
        assertThat(p.global().maxconn()).isZero();
        assertThat(p.frontends()).isEmpty();
        assertThat(p.backends()).isEmpty();
        assertThat(p.stats()).isNull();
        assertThat(p.demo().enabled()).isFalse();
    }

    @Test
    void demoFlagBindsOnItsOwn() {
        assertThat(YamlBinding.bind("lbgate.demo.enabled: true\n").demo().enabled()).isTrue();
    }

    @Test
    void keywordsBindInHaproxySpelling() {
        LbgateProperties p = YamlBinding.bind("""
                lbgate:
                  defaults:
                    connection-mode: server-close
                  backends:
                    - name: b
                      balance: static-rr
                      servers:
                        - name: s1
                          address: 127.0.0.1:80
                          send-proxy: v2
                          inter: 1500
                          slowstart: 1m
                """);

        assertThat(p.defaults().connectionMode()).isEqualTo(HttpConnectionMode.SERVER_CLOSE);
        assertThat(p.backends().get(0).balance()).isEqualTo(Algorithm.STATIC_RR);
        ServerProperties s = p.backends().get(0).servers().get(0);
        assertThat(s.sendProxy()).isEqualTo(ProxyProtocol.V2);
        // A bare number is milliseconds, as in haproxy.cfg.
        assertThat(s.inter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.slowstart()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void forwardforBlockIsOnWithHeaderDefault() {
        LbgateProperties p = YamlBinding.bind("""
                lbgate.defaults.forwardfor.except: 127.0.0.0/8
                """);

        assertThat(p.defaults().forwardfor()).isEqualTo(
                new ForwardForProperties(true, "127.0.0.0/8", "X-Forwarded-For", false));
    }

    @Test
    void statsPasswordIsKeptAsWritten() {
        LbgateProperties p = YamlBinding.bind("""
                lbgate:
                  stats:
                    binds: ["127.0.0.1:1080"]
                    users:
                      - name: admin
                        password: "{bcrypt}$2a$10$GRLdNijSQMUvl/au9ofL.eDwmoohzzS7.rmNSJZ.0FxO/BTk76klW"
                      - name: ops
                        password: "{noop}plain"
                """);

        assertThat(p.stats().users()).extracting(StatsUserProperties::password).containsExactly(
                "{bcrypt}$2a$10$GRLdNijSQMUvl/au9ofL.eDwmoohzzS7.rmNSJZ.0FxO/BTk76klW", "{noop}plain");
        assertThat(p.stats().users().get(0).toString()).doesNotContain("bcrypt");
        assertThat(p.stats().uri()).isEqualTo("/haproxy?stats");
        assertThat(p.stats().realm()).isEqualTo("HAProxy Statistics");
        assertThat(p.stats().name()).isEqualTo("stats");
    }
}
