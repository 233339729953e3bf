package io.lbgate.config.haproxy;

import io.lbgate.config.InvalidConfigException;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.registry.Registry;
import io.lbgate.support.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated real configurations (the fixtures) and arbitrary bytes through the haproxy.cfg reader:
 * every input ends in a model or in alerts within a second, never another exception, and a model
 * the reader accepts is one the start accepts too (the registry builds from it and every timer
 * fits HAProxy's 32-bit milliseconds, the start-up failure {@code -c} used to miss).
 */
class ConfigReaderFuzzTest {
    private static final List<String> DICTIONARY = List.of(
            "\n", "\r\n", "\0", " ", "\t", "\"", "'", "\\", "\\x41", "\\n", "#", "$HOME", "\"${X}\"",
            "99999999999999d", "2147483648", "25d", "0", "-1", "4294967296", "1m30s", "10k", "65536",
            "frontend f\n", "backend b\n", "listen l\n", "defaults\n", "defaults from x\n", "global\n",
            "mode tcp\n", "mode http\n", "bind 127.0.0.1:1\n", "bind :::0\n", "server s 127.0.0.1:1 check\n",
            "default_backend b\n", "use_backend b\n", "timeout server ", "timeout client ", "inter ", "weight ",
            "maxconn ", "balance ", "stats uri /\n", "stats auth a:b\n", "stats refresh ", "log 127.0.0.1 local0\n",
            "option httpchk\n", "http-check expect status 200-\n", "no option ", "rise ", "fall ", "slowstart ",
            "x".repeat(300), "a<b", "a,b", "é", "\u00ff");

    @TempDir
    Path dir;

    @Test
    void noInputCrashesHangsOrPassesTheCheckButNotTheStart() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> fixtures = Files.list(Path.of("src/test/resources/haproxy"))) {
            for (Path p : fixtures.sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        long seed = Mutator.seed();
        Mutator mutator = new Mutator(seed, seeds, DICTIONARY);
        long deadline = System.nanoTime() + Mutator.budget(Duration.ofSeconds(15)).toNanos();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        int runs = 0;
        int accepted = 0;
        try {
            Path cfg = dir.resolve("fuzz.cfg");
            while (System.nanoTime() < deadline) {
                byte[] input = mutator.next();
                Files.write(cfg, input);
                Future<LoadedConfig> read = reader.submit(() -> read(cfg));
                LoadedConfig loaded;
                try {
                    loaded = read.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException hang) {
                    throw new AssertionError("seed " + seed + ": the reader hung on " + Mutator.show(input));
                } catch (java.util.concurrent.ExecutionException crash) {
                    throw new AssertionError("seed " + seed + ": the reader threw on " + Mutator.show(input),
                            crash.getCause());
                }
                runs++;
                if (loaded != null) {
                    accepted++;
                    assertStartable(loaded, input, seed);
                }
            }
        } finally {
            reader.shutdownNow();
        }
        System.out.printf("config fuzz: seed %d, %d inputs, %d accepted%n", seed, runs, accepted);
        assertThat(runs).as("inputs tried").isGreaterThan(100);
        assertThat(accepted).as("mutants the reader accepted (the fuzzer must reach past the parser)").isPositive();
    }

    /** The model, or {@code null} when the reader refused the file with alerts. */
    private static LoadedConfig read(Path cfg) {
        try {
            return HaproxyConfigReader.read(List.of(cfg), name -> null);
        } catch (InvalidConfigException refused) {
            return null;
        }
    }

    private static void assertStartable(LoadedConfig loaded, byte[] input, long seed) {
        try {
            Registry.from(loaded.config(), io.lbgate.balance.Balancers::create);
            checkTimers(loaded.config(), false);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + ": -c accepts but the start would refuse "
                    + Mutator.show(input), e);
        }
    }

    /** Walks the model's records: every timer must fit HAProxy's limits. */
    private static void checkTimers(Object node, boolean seconds) {
        if (node == null) {
            return;
        }
        if (node instanceof Duration d) {
            Duration max = seconds ? Duration.ofSeconds(Integer.MAX_VALUE) : Units.MAX_TIMER;
            assertThat(d).as("timer").isLessThanOrEqualTo(max);
            d.toMillis();
            return;
        }
        if (node instanceof Collection<?> items) {
            items.forEach(item -> checkTimers(item, false));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(item -> checkTimers(item, false));
            return;
        }
        if (node.getClass().isRecord()) {
            for (RecordComponent c : node.getClass().getRecordComponents()) {
                try {
                    Object value = c.getAccessor().invoke(node);
                    checkTimers(value, node instanceof StatsConfig && c.getName().equals("refresh"));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
