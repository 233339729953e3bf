package io.lbgate.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A small seeded mutation fuzzer for tests: takes seed inputs and derives new ones by flipping,
 * inserting, deleting, duplicating and splicing bytes, and by inserting tokens from a dictionary of
 * the format's tricky words. Every run is reproducible from its seed ({@code -Dlbgate.fuzz.seed=N});
 * the time budget is short in {@code ./mvnw verify} and can be raised ({@code -Dlbgate.fuzz.seconds=600},
 * with {@code -Djunit.jupiter.execution.timeout.default=20m} past the build's 120 s test timeout).
 *
 * <p>Why not Jazzer: its JUnit integration only fuzzes with {@code JAZZER_FUZZ=1}, one fuzz test per
 * JVM, with its instrumentation agent attached to the test JVM; that needs a surefire execution of
 * its own per target and slows every test in it, while the targets here (a line-oriented reader,
 * requests over real sockets) gain little from coverage guidance. A failing input is printed in
 * full, so it can be added to the seed corpus as a regression test.
 */
public final class Mutator {
    private final Random random;
    private final List<byte[]> seeds;
    private final List<byte[]> dictionary;

    public Mutator(long seed, List<byte[]> seeds, List<String> dictionary) {
        this.random = new Random(seed);
        this.seeds = List.copyOf(seeds);
        this.dictionary = dictionary.stream().map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    /** The seed from {@code -Dlbgate.fuzz.seed}, else a fixed one so that CI runs are repeatable. */
    public static long seed() {
        return Long.getLong("lbgate.fuzz.seed", 20261202L);
    }

    /** The time budget: {@code -Dlbgate.fuzz.seconds} when given, else {@code ci}. */
    public static Duration budget(Duration ci) {
        Long seconds = Long.getLong("lbgate.fuzz.seconds");
        return seconds == null ? ci : Duration.ofSeconds(seconds);
    }

    /** A new input: a seed with one to four mutations, or now and then bytes from nowhere. */
    public byte[] next() {
        if (random.nextInt(20) == 0) {
            byte[] noise = new byte[random.nextInt(512)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] input = seeds.get(random.nextInt(seeds.size()));
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            input = mutate(input);
        }
        return input;
    }

    private byte[] mutate(byte[] in) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
        switch (random.nextInt(7)) {
            case 0 -> { // flip a byte
                byte[] copy = in.clone();
                if (copy.length > 0) {
                    copy[at] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 1, 2 -> { // insert a dictionary word
                out.write(in, 0, at);
                out.writeBytes(dictionary.get(random.nextInt(dictionary.size())));
                out.write(in, at, in.length - at);
            }
            case 3 -> { // delete a run
                int length = Math.min(in.length - at, 1 + random.nextInt(16));
                out.write(in, 0, at);
                out.write(in, at + length, in.length - at - length);
            }
            case 4 -> { // duplicate a run
                int length = Math.min(in.length - at, 1 + random.nextInt(64));
                out.write(in, 0, at + length);
                out.write(in, at, in.length - at);
            }
            case 5 -> { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                out.write(in, 0, at);
                out.write(other, from, other.length - from);
            }
            default -> { // repeat a byte many times
                out.write(in, 0, at);
                byte b = in.length == 0 ? (byte) 'a' : in[at];
                for (int i = random.nextInt(4096); i > 0; i--) {
                    out.write(b);
                }
                out.write(in, at, in.length - at);
            }
        }
        return out.toByteArray();
    }

    /** The input as a Java string literal, for a failure message. */
    public static String show(byte[] input) {
        StringBuilder s = new StringBuilder("\"");
        for (byte b : input) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> s.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c));
            }
        }
        return s.append('"').toString();
    }
}
