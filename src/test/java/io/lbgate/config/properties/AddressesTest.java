package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lbgate.config.properties.Addresses.HostPort;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void starAndEmptyHostBindEveryIpv4Address() {
        assertThat(Addresses.bind("*:80")).isEqualTo(new HostPort("0.0.0.0", 80));
        assertThat(Addresses.bind(":80")).isEqualTo(new HostPort("0.0.0.0", 80));
    }

    @Test
    void ipv6BindsWithOrWithoutBrackets() {
        assertThat(Addresses.bind("[::]:80")).isEqualTo(new HostPort("::", 80));
        assertThat(Addresses.bind(":::80")).isEqualTo(new HostPort("::", 80));
        assertThat(Addresses.bind("::1:18084")).isEqualTo(new HostPort("::1", 18084));
    }

    @Test
    void bindRefusesNamesRangesAndMissingPorts() {
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.bind("localhost:80"))
                .withMessageContaining("must be an IP address");
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.bind("*:80-90"))
                .withMessage("'*:80-90': port ranges are not supported");
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.bind("10.0.0.1"))
                .withMessageContaining("missing port");
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.bind("256.0.0.1:80"))
                .withMessageContaining("must be an IP address");
    }

    @Test
    void serverHostMayBeAName() {
        assertThat(Addresses.server("app.internal:8080")).isEqualTo(new HostPort("app.internal", 8080));
        assertThat(Addresses.server("[fe80::1]:8080")).isEqualTo(new HostPort("fe80::1", 8080));
    }

    @Test
    void serverNeedsHostAndPortInRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.server("*:80"))
                .withMessage("'*:80': missing host");
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.server("a:0"))
                .withMessage("'a:0': port 0 is not within 1 and 65535");
        assertThatIllegalArgumentException().isThrownBy(() -> Addresses.server("a:http"))
                .withMessage("'a:http': invalid port 'http'");
    }

    @Test
    void syslogPortIs514UnlessGiven() {
        assertThat(Addresses.syslog("127.0.0.1")).isEqualTo(new HostPort("127.0.0.1", 514));
        assertThat(Addresses.syslog("[::1]")).isEqualTo(new HostPort("::1", 514));
        assertThat(Addresses.syslog("logs.internal:1514")).isEqualTo(new HostPort("logs.internal", 1514));
    }
}
