package io.lbgate.health;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class CheckErrorsTest {
    @Test
    void theReasonIsWordedAsStrerrorWhicheverTransportReportedIt() {
        assertThat(CheckErrors.text(new ConnectException(
                "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:9"))).isEqualTo("Connection refused");
        assertThat(CheckErrors.text(new ConnectException(
                "io_uring connect(..) failed with error(-111): Connection refused"))).isEqualTo("Connection refused");
        assertThat(CheckErrors.text(new ConnectException("connect(..) failed: No route to host"))).isEqualTo("No route to host");
        assertThat(CheckErrors.text(new ConnectException("Connection refused: /127.0.0.1:9"))).isEqualTo("Connection refused");
    }
}
