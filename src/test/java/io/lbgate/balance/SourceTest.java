package io.lbgate.balance;

import io.lbgate.registry.PickContext;

import static io.lbgate.registry.TestConfigs.backend;
import static io.lbgate.registry.TestConfigs.registry;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class SourceTest {

    @Test
    void consecutiveIpv4AddressesWalkTheWeightMap() throws Exception {
        Backend be = backend(Algorithm.SOURCE, 1, 1, 1);

        // 192.168.0.0 is 0xC0A80000, a multiple of 3.
        assertThat(clients(be, "192.168.0.0", "192.168.0.1", "192.168.0.2", "192.168.0.3", "192.168.0.4"))
                .isEqualTo("1 2 3 1 2");
    }

    @Test
    void weightedMapFollowsStaticOrder() throws Exception {
        // map for 1,2,3 is 1 3 2 3 2 3; 192.168.0.0 is 0xC0A80000, a multiple of 6.
        Backend be = backend(Algorithm.SOURCE, 1, 2, 3);

        assertThat(clients(be, "192.168.0.0", "192.168.0.1", "192.168.0.2", "192.168.0.3", "192.168.0.4",
                "192.168.0.5")).isEqualTo("1 3 2 3 2 3");
    }

    @Test
    void sameClientAlwaysGetsTheSameServer() throws Exception {
        Backend be = backend(Algorithm.SOURCE, 1, 1, 1, 1);
        PickContext client = PickContext.of(InetAddress.getByName("203.0.113.77"));
        Server first = be.pick(client);

        for (int i = 0; i < 100; i++) {
            assertThat(be.pick(client)).isSameAs(first);
        }
    }

    @Test
    void ipv6AddressesHashTheirFourWords() throws Exception {
        Backend be = backend(Algorithm.SOURCE, 1, 1, 1);
        // XOR of the words is 0x00000004 → 4 % 3 = 1 → second server.
        PickContext client = PickContext.of(InetAddress.getByName("::4"));

        assertThat(be.pick(client).id()).isEqualTo(2);
    }

    @Test
    void clientMovesOnlyWhenItsServerBecomesUnusable() throws Exception {
        Registry registry = registry(Algorithm.SOURCE, false, server("s1"), server("s2"), server("s3"));
        Backend be = registry.backend("be").orElseThrow();
        PickContext client = PickContext.of(InetAddress.getByName("192.168.0.1"));
        Server before = be.pick(client);
        assertThat(before.id()).isEqualTo(2);

        registry.setAdminState(before, AdminState.MAINT, "test");
        assertThat(be.pick(client)).isNotSameAs(before);

        registry.setAdminState(before, AdminState.READY, "test");
        assertThat(be.pick(client)).isSameAs(before);
    }

    @Test
    void spreadIsProportionalToWeights() throws Exception {
        Backend be = backend(Algorithm.SOURCE, 1, 3);
        int[] counts = new int[2];
        for (int i = 0; i < 10_000; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i});
            counts[be.pick(PickContext.of(a)).id() - 1]++;
        }

        assertThat(counts).containsExactly(2_500, 7_500);
    }

    @Test
    void withoutClientAddressItWalksTheMap() {
        assertThat(Picks.sequence(backend(Algorithm.SOURCE, 1, 1), 4)).isEqualTo("1 2 1 2");
    }

    @Test
    void onlyTheFirstBackupWithoutAllBackups() throws Exception {
        Backend be = io.lbgate.registry.TestConfigs.backend(Algorithm.SOURCE, false,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());

        assertThat(be.pick(PickContext.of(InetAddress.getByName("10.0.0.1"))).name()).isEqualTo("b1");
        assertThat(be.pick(PickContext.of(InetAddress.getByName("10.0.0.2"))).name()).isEqualTo("b1");
    }

    private static String clients(Backend be, String... addresses) throws UnknownHostException {
        StringJoiner out = new StringJoiner(" ");
        for (String a : addresses) {
            out.add(String.valueOf(be.pick(PickContext.of(InetAddress.getByName(a))).id()));
        }
        return out.toString();
    }
}
