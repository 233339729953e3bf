package io.lbgate.pair;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class VrrpStateTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void unknownUntilTheFirstReportThenTheLastReport() {
        VrrpState state = new VrrpState(clock);
        assertThat(state.role()).isEqualTo(VrrpRole.UNKNOWN);
        assertThat(state.current().since()).isEqualTo(clock.instant());

        state.report(VrrpRole.MASTER, "INSTANCE", "VI_1", 100);
        state.report(VrrpRole.BACKUP, "INSTANCE", "VI_1", 70);

        assertThat(state.current()).isEqualTo(new VrrpReport(VrrpRole.BACKUP, "INSTANCE", "VI_1", 70, clock.instant()));
    }

    @Test
    void onlyMasterHoldsTheVip() {
        assertThat(VrrpRole.values()).filteredOn(VrrpRole::holdsVip).containsExactly(VrrpRole.MASTER);
    }

    @Test
    void keepalivedsStateNamesAreRead() {
        assertThat(VrrpRole.fromNotify("MASTER")).contains(VrrpRole.MASTER);
        assertThat(VrrpRole.fromNotify(" backup ")).contains(VrrpRole.BACKUP);
        assertThat(VrrpRole.fromNotify("FAULT")).contains(VrrpRole.FAULT);
        assertThat(VrrpRole.fromNotify("STOP")).contains(VrrpRole.STOP);
        assertThat(VrrpRole.fromNotify("UNKNOWN")).isEmpty();
        assertThat(VrrpRole.fromNotify("PRIMARY")).isEmpty();
        assertThat(VrrpRole.fromNotify(null)).isEmpty();
    }

    @Test
    void theHandOverHoldsWhileMasterOnly() {
        VrrpState state = new VrrpState(clock);
        VipHandOver handOver = new VipHandOver(state);
        assertThat(handOver.holdsTraffic()).isFalse();
        state.report(VrrpRole.MASTER, "INSTANCE", "VI_1", 100);
        assertThat(handOver.holdsTraffic()).isTrue();
        assertThat(handOver.describe()).isEqualTo("VRRP MASTER of VI_1");
        state.report(VrrpRole.BACKUP, "INSTANCE", "VI_1", 70);
        assertThat(handOver.holdsTraffic()).isFalse();
        assertThat(handOver.describe()).isEqualTo("keepalived moved the VIP away (now BACKUP)");
    }
}
