package io.lbgate.balance;

import static io.lbgate.balance.Picks.repeat;
import static io.lbgate.balance.Picks.sequence;
import static io.lbgate.registry.TestConfigs.backend;
import static io.lbgate.registry.TestConfigs.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundRobinTest {

    /** The orders HAProxy 2.6.12 gave on a fresh process (facts §3.2), each over three cycles. */
    @ParameterizedTest(name = "weights {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1,1,1    | 1 2 3",
            "1,2,3    | 3 2 3 1 3 2",
            "10,20,30 | 3 2 3 1 3 2",
            "3,2,1    | 1 2 1 3 1 2",
            "2,1      | 1 1 2",
            "1,2      | 2 2 1",
            "3,1      | 1 1 1 2",
            "5,1,1    | 1 1 1 2 1 1 3",
            "4,3,2    | 1 2 1 3 2 1 1 2 3",
    })
    void reproducesHaproxyOrders(String weights, String cycle) {
        Backend be = backend(Algorithm.ROUNDROBIN, parse(weights));
        int length = cycle.split(" ").length;

        assertThat(sequence(be, 3 * length)).isEqualTo(repeat(cycle, 3));
    }

    private static int[] parse(String weights) {
        return java.util.Arrays.stream(weights.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
