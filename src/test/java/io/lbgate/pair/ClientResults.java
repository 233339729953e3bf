package io.lbgate.pair;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a {@link ClientLoop} wrote: one result per request, in order. */
record ClientResults(List<Result> results) {

    /** One request: when it began (epoch millis), whether it got a 200, and what it got. */
    record Result(long at, boolean ok, String detail) {
        static Result parse(String line) {
            String[] parts = line.split(" ", 3);
            return new Result(Long.parseLong(parts[0]), parts[1].equals("OK"), parts.length > 2 ? parts[2] : "");
        }
    }

    static ClientResults read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ClientResults(List.of());
        }
        // The last line may be half written while the loop runs.
        List<Result> results = Files.readAllLines(file).stream()
                .filter(l -> l.matches("\\d+ (OK|FAIL).*")).map(Result::parse).toList();
        return new ClientResults(results);
    }

    List<Result> since(long millis) {
        return results.stream().filter(r -> r.at() >= millis).toList();
    }

    long failedSince(long millis) {
        return since(millis).stream().filter(r -> !r.ok()).count();
    }

    /** Whether the last {@code n} requests all succeeded, all of them begun after {@code millis}. */
    boolean lastSucceeded(int n, long millis) {
        List<Result> after = since(millis);
        if (after.size() < n) {
            return false;
        }
        return after.subList(after.size() - n, after.size()).stream().allMatch(Result::ok);
    }

    /** When the first request after the last failure (since {@code millis}) began; {@code millis} if none failed. */
    long restoredAt(long millis) {
        List<Result> after = since(millis);
        long restored = millis;
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).ok()) {
                restored = i + 1 < after.size() ? after.get(i + 1).at() : Long.MAX_VALUE;
            }
        }
        return restored;
    }

    /** The failures since {@code millis}, counted by what the client saw. */
    String failureKinds(long millis) {
        StringBuilder kinds = new StringBuilder();
        since(millis).stream().filter(r -> !r.ok())
                .collect(java.util.stream.Collectors.groupingBy(r -> r.detail().split(":")[0],
                        java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((kind, count) -> kinds.append(kinds.isEmpty() ? "" : ", ").append(count).append(' ').append(kind));
        return kinds.isEmpty() ? "none" : kinds.toString();
    }
}
