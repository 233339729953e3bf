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
import java.util.PrimitiveIterator;
import java.util.StringJoiner;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomTest {

    /** Weights 1,2,3 own the slots s1 | s2 s2 | s3 s3 s3; draws pick slots. */
    @Test
    void lessLoadedOfTwoWeightedDrawsWins() {
        Backend be = backend(Algorithm.RANDOM, 1, 2, 3);
        Random random = scripted(be, 0, 5, 1, 0, 2, 2);

        assertThat(sequence(random, 3)).isEqualTo("3 1 2");

        be.servers().get(2).sessionStarted();
        Random busy = scripted(be, 5, 0);
        assertThat(sequence(busy, 1)).isEqualTo("1");
    }

    @Test
    void countsOverManyPicksAreProportionalToWeightsWhenIdle() {
        Backend be = backend(Algorithm.RANDOM, 1, 2, 3, 4);
        // Every slot drawn equally often: two draws per pick over 10 slots.
        Random random = scripted(be, IntStream.range(0, 20_000).map(i -> (i / 2 + i % 2 * 3) % 10).toArray());
        int[] counts = new int[4];
        for (int i = 0; i < 10_000; i++) {
            counts[random.pick(PickContext.none()).id() - 1]++;
        }

        assertThat(counts).containsExactly(1_000, 2_000, 3_000, 4_000);
    }

    @Test
    void defaultRandomSpreadsRoughlyByWeight() {
        Backend be = backend(Algorithm.RANDOM, 1, 3);
        int[] counts = Picks.counts(be, 10_000);

        assertThat(counts[1]).isBetween(6_500, 8_500);
    }

    @Test
    void unusableServersAreNeverPicked() {
        Registry registry = registry(Algorithm.RANDOM, false,
                server("s1"), server("s2"), server("s3").weight(0), server("s4"));
        Backend be = registry.backend("be").orElseThrow();
        registry.setAdminState(be.servers().get(0), AdminState.MAINT, "test");
        registry.setAdminState(be.servers().get(1), AdminState.DRAIN, "test");

        assertThat(Picks.sequence(be, 5)).isEqualTo("4 4 4 4 4");
    }

    @Test
    void backupRules() {
        Backend first = io.lbgate.registry.TestConfigs.backend(Algorithm.RANDOM, false,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());

        assertThat(Picks.sequence(first, 4)).isEqualTo("b1 b1 b1 b1");
        Backend all = io.lbgate.registry.TestConfigs.backend(Algorithm.RANDOM, true,
                server("s1").disabled(), server("b1").backup(), server("b2").backup());
        Random random = scripted(all, 0, 0, 1, 1);
        assertThat(sequence(random, 2)).isEqualTo("b1 b2");
    }

    @Test
    void avoidedServerIsPassedOverToTheNextSlot() {
        Backend be = backend(Algorithm.RANDOM, 1, 1, 1);
        Server s1 = be.servers().get(0);
        Random random = scripted(be, 0, 0);

        assertThat(random.pick(PickContext.none().avoiding(s1)).id()).isEqualTo(2);
    }

    /** A Random over {@code be}'s servers that draws the given slots in turn. */
    private static Random scripted(Backend be, int... draws) {
        PrimitiveIterator.OfInt it = IntStream.of(draws).iterator();
        return new Random(be.servers(), be.config().allBackups(), bound -> it.nextInt() % bound);
    }

    private static String sequence(Random random, int picks) {
        StringJoiner out = new StringJoiner(" ");
        for (int i = 0; i < picks; i++) {
            Server s = random.pick(PickContext.none());
            out.add(s.name().startsWith("s") ? String.valueOf(s.id()) : s.name());
        }
        return out.toString();
    }
}
