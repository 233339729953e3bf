package io.lbgate.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyFlightRecorderTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(NettyFlightRecorder.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(NettyFlightRecorder.PROPERTY);
        } else {
            System.setProperty(NettyFlightRecorder.PROPERTY, before);
        }
    }

    @Test
    void nettysEventsAreOffWhenTheOperatorSaidNothing() {
        System.clearProperty(NettyFlightRecorder.PROPERTY);

        NettyFlightRecorder.configureProcess();

        assertThat(System.getProperty(NettyFlightRecorder.PROPERTY)).isEqualTo("false");
    }

    @Test
    void anOperatorWhoAsksForThemKeepsThem() {
        System.setProperty(NettyFlightRecorder.PROPERTY, "true");

        NettyFlightRecorder.configureProcess();

        assertThat(System.getProperty(NettyFlightRecorder.PROPERTY)).isEqualTo("true");
    }
}
