package io.lbgate.control;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing on the stats page: once a client address has failed {@value #FREE_FAILURES}
 * times within {@link #WINDOW_NANOS}, its further attempts in that window are refused without
 * checking the password, so a flood of wrong passwords costs a comparison and no hashing. A success
 * clears the address. HAProxy has no such limit; it is lbgate's because its stats users may have
 * slow (bcrypt) hashes. {@link BlockedLogins} refuses a blocked address's attempts before the
 * application, after a delay, so that a flood is slowed and never reaches WebFlux.
 *
 * <p>At most {@value #MAX_ADDRESSES} addresses are tracked; when full, expired entries are dropped
 * and, if none has expired, a new address is not tracked (it is then only bounded by the single
 * thread that runs slow hashes). Only the control plane calls this: the data plane never waits on it.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final long WINDOW_NANOS = 10_000_000_000L;
    static final int MAX_ADDRESSES = 4096;

    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long startNanos;
        int failures;
    }

    LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    LoginThrottle() {
        this(System::nanoTime);
    }

    /** Whether {@code address} has failed too often lately to be checked again now. */
    synchronized boolean blocked(String address) {
        Window w = windows.get(address);
        if (w == null) {
            return false;
        }
        if (expired(w)) {
            windows.remove(address);
            return false;
        }
        return w.failures >= FREE_FAILURES;
    }

    synchronized void failed(String address) {
        Window w = windows.get(address);
        if (w == null || expired(w)) {
            if (w == null && windows.size() >= MAX_ADDRESSES && !purge()) {
                return;
            }
            w = new Window();
            w.startNanos = clock.getAsLong();
            windows.put(address, w);
        }
        w.failures++;
    }

    synchronized void succeeded(String address) {
        windows.remove(address);
    }

    private boolean expired(Window w) {
        return clock.getAsLong() - w.startNanos >= WINDOW_NANOS;
    }

    /** Drops expired windows; {@code true} when that made room. */
    private boolean purge() {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (expired(it.next())) {
                it.remove();
            }
        }
        return windows.size() < MAX_ADDRESSES;
    }
}
