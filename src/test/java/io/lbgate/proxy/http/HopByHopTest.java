package io.lbgate.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopTest {

    @Test
    void removesTheFixedListAndEveryHeaderConnectionNames() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Connection", "keep-alive, X-Trace ,,close,\tX-Other")
                .add("Keep-Alive", "timeout=5")
                .add("X-Trace", "1")
                .add("close", "odd but named")
                .add("X-Other", "2")
                .add("TE", "trailers")
                .add("Upgrade", "h2c")
                .add("Content-Length", "3")
                .add("X-Kept", "yes");

        HopByHop.strip(headers, false);

        assertThat(headers.names()).containsExactlyInAnyOrder("Content-Length", "X-Kept");
    }

    @Test
    void aWebSocketHandshakeKeepsUpgradeAndSaysSoInConnection() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Connection", "Upgrade, X-Hop")
                .add("Upgrade", "websocket")
                .add("X-Hop", "1")
                .add("Keep-Alive", "timeout=5");

        HopByHop.strip(headers, true);

        assertThat(headers.get("Upgrade")).isEqualTo("websocket");
        assertThat(headers.get("Connection")).isEqualToIgnoringCase("upgrade");
        assertThat(headers.contains("X-Hop")).isFalse();
        assertThat(headers.contains("Keep-Alive")).isFalse();
    }

    @Test
    void aConnectionValueOfOnlySeparatorsRemovesNothingElse() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Connection", ", ,").add("X-Kept", "yes");

        HopByHop.strip(headers, false);

        assertThat(headers.names()).containsExactly("X-Kept");
    }
}
