package io.lbgate.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.admin.AdminService.Shared;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Last writer wins, by hybrid-clock stamp; the node name breaks ties the same way on both nodes. */
class SharedAdminStateTest {

    private static AdminEntry entry(int value, long time, String node) {
        return new AdminEntry("be", "s1", Shared.ADMIN_STATE, value, new Stamp(time, node));
    }

    @Test
    void aNewerEntryWinsAnOlderOneIsIgnored() {
        SharedAdminState state = new SharedAdminState("lb1", new HybridClock(Clock.systemUTC()));
        assertThat(state.merge(entry(1, 1_000, "lb2"))).isTrue();
        assertThat(state.merge(entry(2, 999, "lb2"))).isFalse();
        assertThat(state.merge(entry(2, 1_001, "lb2"))).isTrue();
        assertThat(state.merge(entry(2, 1_001, "lb2"))).as("the same entry again").isFalse();
        assertThat(state.snapshot()).singleElement().extracting(AdminEntry::value).isEqualTo(2);
    }

    @Test
    void atTheSameTimeTheNodeNameDecidesOnBothNodes() {
        SharedAdminState one = new SharedAdminState("lb1", new HybridClock(Clock.systemUTC()));
        SharedAdminState two = new SharedAdminState("lb2", new HybridClock(Clock.systemUTC()));
        AdminEntry fromOne = entry(1, 5_000, "lb1");
        AdminEntry fromTwo = entry(2, 5_000, "lb2");
        one.merge(fromOne);
        one.merge(fromTwo);
        two.merge(fromTwo);
        two.merge(fromOne);
        assertThat(one.snapshot()).isEqualTo(two.snapshot()).singleElement().isEqualTo(fromTwo);
    }

    /** A node whose clock is behind still orders its operator's next change after what it saw. */
    @Test
    void aChangeMadeAfterSeeingAPeersChangeWinsEvenWithASlowClock() {
        Clock slow = Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC);
        HybridClock clock = new HybridClock(slow);
        clock.observe(60_000); // the peer's clock is a minute ahead
        long next = clock.next();
        assertThat(next).isGreaterThan(60_000);
        assertThat(clock.next()).isGreaterThan(next);
    }
}
