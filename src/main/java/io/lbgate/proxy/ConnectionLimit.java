package io.lbgate.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code maxconn}: how many connections may be established at once, and who to tell when one
 * ends so that a paused listener can take the next. {@code max == 0} means no limit. Thread-safe:
 * connections of one frontend end on every event loop.
 */
public final class ConnectionLimit {
    private final int max;
    private final AtomicInteger current = new AtomicInteger();
    private final List<Runnable> onRelease = new CopyOnWriteArrayList<>();

    public ConnectionLimit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 0)");
        }
        this.max = max;
    }

    /** Takes a slot if one is free. */
    public boolean tryAcquire() {
        if (max == 0) {
            current.incrementAndGet();
            return true;
        }
        int n = current.get();
        while (n < max) {
            if (current.compareAndSet(n, n + 1)) {
                return true;
            }
            n = current.get();
        }
        return false;
    }

    /** Gives a slot back without telling anyone (a two-level acquire that failed half way). */
    public void undo() {
        current.decrementAndGet();
    }

    /** Gives a slot back and tells every waiter. */
    public void release() {
        current.decrementAndGet();
        if (max != 0) {
            onRelease.forEach(Runnable::run);
        }
    }

    /** {@code callback} runs on the releasing thread after each release; keep it short. */
    public void onRelease(Runnable callback) {
        onRelease.add(callback);
    }

    public void removeOnRelease(Runnable callback) {
        onRelease.remove(callback);
    }

    public int current() {
        return current.get();
    }

    public boolean isFull() {
        return max != 0 && current.get() >= max;
    }

    /** The limit; 0 for none. */
    public int max() {
        return max;
    }
}
