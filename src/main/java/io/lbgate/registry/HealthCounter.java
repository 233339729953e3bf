package io.lbgate.registry;

/**
 * HAProxy's check health: one counter in {@code [0, rise + fall - 1]}; the server is up while it is
 * at least {@code rise}. A checked server starts at {@code rise}, not at the maximum, so the very
 * first failed check takes it down (docs/haproxy-behaviour.md, "Health checks").
 *
 * <p>With rise 2, fall 3 the counter reads 2 at start; failures from full health go 4, 3, 2, then 0
 * (down); successes go 1, then 4 (up).
 *
 * <p>Synchronized rather than atomic because a transition reads and writes the value twice; checks of
 * one server never overlap, so the monitor is uncontended.
 */
public final class HealthCounter {
    private final int rise;
    private final int fall;
    private int health;

    public HealthCounter(int rise, int fall) {
        if (rise < 1) {
            throw new IllegalArgumentException("rise: " + rise + " (expected: >= 1)");
        }
        if (fall < 1) {
            throw new IllegalArgumentException("fall: " + fall + " (expected: >= 1)");
        }
        this.rise = rise;
        this.fall = fall;
        this.health = rise;
    }

    public int rise() {
        return rise;
    }

    public int fall() {
        return fall;
    }

    /** {@code rise + fall - 1}: full health. */
    public int max() {
        return rise + fall - 1;
    }

    public synchronized int health() {
        return health;
    }

    /** Whether the counter says "up" ({@code health >= rise}). */
    public synchronized boolean isUp() {
        return health >= rise;
    }

    /**
     * Counts a passed check. Returns whether the counter moved; it does not at full health. Reaching
     * {@code rise} jumps to full health so that going down again takes {@code fall} failures.
     */
    public synchronized boolean pass() {
        if (health >= max()) {
            return false;
        }
        health++;
        if (health >= rise) {
            health = max();
        }
        return true;
    }

    /**
     * Counts a failed check. Returns whether the counter moved (the caller then counts a
     * {@code chkfail}); at 0 it does not. Dropping below {@code rise} goes straight to 0.
     */
    public synchronized boolean fail() {
        if (health == 0) {
            return false;
        }
        health--;
        if (health < rise) {
            health = 0;
        }
        return true;
    }

    /** Forces the value: 0 when entering maintenance, {@code rise} when leaving it (as HAProxy). */
    synchronized void reset(int value) {
        if (value < 0 || value > max()) {
            throw new IllegalArgumentException("health: " + value + " (expected: 0.." + max() + ")");
        }
        health = value;
    }

    @Override
    public synchronized String toString() {
        return health + "/" + max() + " (rise " + rise + ", fall " + fall + ")";
    }
}
