package io.lbgate.peers;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One log line per change of state, not per attempt; a flapping peer is said once, then summarised. */
class PeerReachabilityTest {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final MovingClock clock = new MovingClock();

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-02T03:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void capture() {
        appender.start();
        ((Logger) LoggerFactory.getLogger(PeerReachability.class)).addAppender(appender);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(PeerReachability.class)).detachAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void repeatedFailuresOfOneKindAreLoggedOnce() {
        PeerReachability peer = new PeerReachability("lb2", "10.0.0.2:10000", clock);
        for (int i = 0; i < 10; i++) {
            peer.attemptFailed("Connection refused");
            clock.now = clock.now.plusSeconds(5);
        }
        peer.attemptFailed("authentication failed: wrong shared secret");
        peer.attemptFailed("authentication failed: wrong shared secret");
        assertThat(lines()).containsExactly(
                "Peer lb2 (10.0.0.2:10000) unreachable: Connection refused; traffic is not affected, admin state is"
                        + " shared again once it is back",
                "Peer lb2 (10.0.0.2:10000) unreachable: authentication failed: wrong shared secret; traffic is not"
                        + " affected, admin state is shared again once it is back");
        assertThat(peer.line()).isEqualTo("peer lb2 10.0.0.2:10000 unreachable since 2026-12-02 03:00:00 UTC"
                + " (authentication failed: wrong shared secret)");
    }

    @Test
    void aFlappingPeerIsSaidOnceThenSummarisedOnceAMinute() {
        PeerReachability peer = new PeerReachability("lb2", "10.0.0.2:10000", clock);
        for (int i = 0; i < 10; i++) {
            peer.linkOpened();
            clock.now = clock.now.plusSeconds(1);
            peer.linkClosed("connection closed by the peer");
            clock.now = clock.now.plusSeconds(1);
        }
        List<String> flapping = lines();
        assertThat(flapping).hasSize(5);
        assertThat(flapping.get(4)).contains("(flapping: 5 changes within 60 s; further changes are logged at most"
                + " once a minute)");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        peer.linkOpened();
        assertThat(lines()).hasSize(6);
        assertThat(lines().get(5)).startsWith("Peer lb2 (10.0.0.2:10000) connected: admin state is shared (15 changes"
                + " not logged since");
    }
}
