package io.lbgate.config.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lbgate.config.properties.PropertyAddresses.HostPort;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void starAndEmptyHostBindEveryIpv4Address() {
        assertThat(PropertyAddresses.bind("*:80")).isEqualTo(new HostPort("0.0.0.0", 80));
        assertThat(PropertyAddresses.bind(":80")).isEqualTo(new HostPort("0.0.0.0", 80));
    }

    @Test
    void ipv6BindsWithOrWithoutBrackets() {
        assertThat(PropertyAddresses.bind("[::]:80")).isEqualTo(new HostPort("::", 80));
        assertThat(PropertyAddresses.bind(":::80")).isEqualTo(new HostPort("::", 80));
        assertThat(PropertyAddresses.bind("::1:18084")).isEqualTo(new HostPort("::1", 18084));
    }

    @Test
    void bindRefusesNamesRangesAndMissingPorts() {
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.bind("localhost:80"))
                .withMessageContaining("must be an IP address");
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.bind("*:80-90"))
                .withMessage("'*:80-90': port ranges are not supported");
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.bind("10.0.0.1"))
                .withMessageContaining("missing port");
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.bind("256.0.0.1:80"))
                .withMessageContaining("must be an IP address");
    }

    @Test
    void serverHostMayBeAName() {
        assertThat(PropertyAddresses.server("app.internal:8080")).isEqualTo(new HostPort("app.internal", 8080));
        assertThat(PropertyAddresses.server("[fe80::1]:8080")).isEqualTo(new HostPort("fe80::1", 8080));
    }

    @Test
    void serverNeedsHostAndPortInRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.server("*:80"))
                .withMessage("'*:80': missing host");
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.server("a:0"))
                .withMessage("'a:0': port 0 is not within 1 and 65535");
        assertThatIllegalArgumentException().isThrownBy(() -> PropertyAddresses.server("a:http"))
                .withMessage("'a:http': invalid port 'http'");
    }

    @Test
    void syslogPortIs514UnlessGiven() {
        assertThat(PropertyAddresses.syslog("127.0.0.1")).isEqualTo(new HostPort("127.0.0.1", 514));
        assertThat(PropertyAddresses.syslog("[::1]")).isEqualTo(new HostPort("::1", 514));
        assertThat(PropertyAddresses.syslog("logs.internal:1514")).isEqualTo(new HostPort("logs.internal", 1514));
    }
}
