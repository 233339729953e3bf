package io.lbgate.logging;

import io.lbgate.logging.TerminationState.Cause;
import io.lbgate.logging.TerminationState.Phase;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TcpLogLineTest {
    private static final long ACCEPT = LocalDateTime.of(2026, 11, 28, 20, 34, 38, 17_000_000)
            .toInstant(ZoneOffset.UTC).toEpochMilli();

    @Test
    void formatsHaproxysTcplog() {
        TcpLogLine line = new TcpLogLine(new InetSocketAddress("127.0.0.1", 41390), ACCEPT, "tcp_pp", "tcp_pp", "p1",
                1, 1, 202, 60, TerminationState.tcp(Cause.NORMAL, Phase.NORMAL), 1, 1, 0, 0, 0, false, 0, 0);
        assertThat(line.format(ZoneOffset.UTC))
                .isEqualTo("127.0.0.1:41390 [28/Nov/2026:20:34:38.017] tcp_pp tcp_pp/p1 1/1/202 60 -- 1/1/0/0/0 0/0");
    }

    @Test
    void deadServerAfterRetriesAndRedispatch() {
        TcpLogLine dead = new TcpLogLine(new InetSocketAddress("::1", 5), ACCEPT, "t", "t", "dead", 1, -1, 3004, 0,
                TerminationState.tcp(Cause.SERVER_ABORT, Phase.CONNECT), 2, 1, 0, 0, 3, false, 0, 0);
        assertThat(dead.format(ZoneOffset.UTC)).endsWith("] t t/dead 1/-1/3004 0 SC 2/1/0/0/3 0/0").startsWith("::1:5 [");
        TcpLogLine noServer = new TcpLogLine(null, ACCEPT, "f", "b", null, -1, -1, 0, 0, "SC", 1, 1, 0, 0, 1, true, 0, 2);
        assertThat(noServer.format(ZoneOffset.UTC)).isEqualTo("-:- [28/Nov/2026:20:34:38.017] f b/<NOSRV> -1/-1/0 0 SC 1/1/0/0/+1 0/2");
    }
}
