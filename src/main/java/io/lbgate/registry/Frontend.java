package io.lbgate.registry;

import io.lbgate.config.FrontendConfig;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/** A {@code frontend} at run time: what the data plane counts and the stats page shows. */
public final class Frontend {
    private final FrontendConfig config;
    private final int iid;
    private final Counters counters;
    private final LongAdder intercepted = new LongAdder();

    Frontend(FrontendConfig config, int iid, Clock clock) {
        this(config, iid, clock, null);
    }

    /** @param predecessor the frontend of the same name a reload replaces, whose counters continue here */
    Frontend(FrontendConfig config, int iid, Clock clock, Frontend predecessor) {
        this.config = config;
        this.iid = iid;
        this.counters = predecessor == null ? new Counters(clock) : predecessor.counters;
    }

    public String name() {
        return config.name();
    }

    /** The proxy's numeric id; a {@code listen} section's frontend and backend share it. */
    public int iid() {
        return iid;
    }

    public FrontendConfig config() {
        return config;
    }

    public Counters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * A request answered by the proxy itself rather than a backend (the stats page, its CSV, its
     * login challenge): HAProxy's {@code intercepted}.
     */
    public void requestIntercepted() {
        intercepted.increment();
    }

    public long interceptedRequests() {
        return intercepted.sum();
    }

    /** {@code clear counters all} sets {@link #interceptedRequests()} back to 0 with the other counters. */
    public void clearInterceptedRequests() {
        intercepted.reset();
    }
}
