package io.lbgate.registry;

import io.lbgate.config.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code server} line at run time: its two state axes ({@link OperationalState},
 * {@link AdminState}), its {@link HealthCounter}, its current weight and its counters.
 *
 * <p>Reads are lock-free (volatile fields) and may be called from any thread. Changes go through
 * {@link Registry}'s operations, which serialize them per server, tell the backend's balancer and
 * publish a {@link StateChange}.
 */
public final class Server {
    private final Backend backend;
    private final ServerConfig config;
    private final int id;
    private final HealthCounter health;
    private final Counters counters;
    private final Clock clock;
    private final Events events;
    /** Where traffic goes, resolved once when the configuration is applied (never on an event loop). */
    private final InetSocketAddress address;
    /** Where health checks go: {@code addr}/{@code port} when set, else {@link #address}. */
    private final InetSocketAddress checkAddress;

    /** Guards every state transition so that a change's old and new status strings are exact. */
    private final Object lock = new Object();

    private volatile OperationalState operational;
    private volatile AdminState admin;
    /** The effective weight the balancer spreads: {@link #userWeight}, ramped during slowstart. */
    private volatile int weight;
    /** The weight set in the file or at run time (HAProxy's {@code uweight}). */
    private volatile int userWeight;
    /** When the current slowstart began; meaningful only while {@link OperationalState#STARTING}. */
    private volatile long slowStartSinceMillis;
    private final LiveSessions sessions;
    private volatile CheckResult lastCheck = CheckResult.initializing();
    /** Cleared by {@code dhlth} / {@code disable health}; meaningful only for a server with {@code check}. */
    private volatile boolean checksEnabled = true;
    private final AtomicLong checkFails = new AtomicLong();
    private final AtomicLong checkDowns = new AtomicLong();
    private volatile long lastChangeMillis;
    /** Start of the current down period, or -1 while up. */
    private volatile long downSinceMillis = -1;
    private volatile long downtimeMillis;

    Server(Backend backend, ServerConfig config, int id, Clock clock, Events events) {
        this(backend, config, id, clock, events, null);
    }

    /**
     * @param predecessor the server of the same backend and name in the configuration a reload
     *                    replaces, whose counters and sessions this one continues and whose state
     *                    it takes over ({@link ReloadCarryOver}); {@code null} for a new server
     */
    Server(Backend backend, ServerConfig config, int id, Clock clock, Events events, Server predecessor) {
        this.backend = backend;
        this.config = config;
        this.id = id;
        this.clock = clock;
        this.events = events;
        this.health = new HealthCounter(config.rise(), config.fall());
        this.address = new InetSocketAddress(config.host(), config.port());
        this.checkAddress = config.checkAddr() == null && config.checkPort() == 0 ? address
                : new InetSocketAddress(config.checkAddr() != null ? config.checkAddr() : config.host(),
                        config.checkPort() != 0 ? config.checkPort() : config.port());
        // Shared, not copied: sessions that started on the predecessor end on these counters, so
        // current sessions, maxconn slots and totals stay exact across the reload.
        this.counters = predecessor == null ? new Counters(clock) : predecessor.counters;
        this.sessions = predecessor == null ? new LiveSessions() : predecessor.sessions;
        this.weight = config.weight();
        this.userWeight = config.weight();
        this.lastChangeMillis = clock.millis();
        if (config.disabled()) {
            admin = AdminState.MAINT;
            operational = OperationalState.STOPPED;
            health.reset(0);
            downSinceMillis = lastChangeMillis;
        } else {
            admin = AdminState.READY;
            operational = OperationalState.RUNNING;
        }
        if (predecessor != null) {
            ReloadCarryOver.carry(predecessor, this);
        }
    }

    // ---- identity ----

    public String name() {
        return config.name();
    }

    /** 1-based position in the backend, in declaration order: HAProxy's {@code sid}. */
    public int id() {
        return id;
    }

    public Backend backend() {
        return backend;
    }

    public ServerConfig config() {
        return config;
    }

    /**
     * The server's socket address, resolved once when the registry was built; unresolved when the
     * name did not resolve (then every connection attempt fails and is counted).
     */
    public InetSocketAddress address() {
        return address;
    }

    /** Where its health checks connect: {@code addr}/{@code port} when set, else {@link #address()}. */
    public InetSocketAddress checkAddress() {
        return checkAddress;
    }

    public boolean isBackup() {
        return config.backup();
    }

    /**
     * Whether the server has health checks configured ({@code check}); an unchecked server is up
     * unless in MAINT or forced down. See {@link #checksEnabled()} for whether they run now.
     */
    public boolean isChecked() {
        return config.check();
    }

    /**
     * Whether health checks run now: configured ({@link #isChecked()}) and not disabled by an
     * operator ({@code dhlth}). While disabled the server shows {@code no check} (or its forced
     * {@code DOWN}/{@code NOLB}) and the stats page hides its check columns, as HAProxy 2.6 does.
     */
    public boolean checksEnabled() {
        return config.check() && checksEnabled;
    }

    // ---- state ----

    public OperationalState operationalState() {
        return operational;
    }

    public AdminState adminState() {
        return admin;
    }

    public HealthCounter health() {
        return health;
    }

    /** The weight configured in the file (CSV {@code iweight}). */
    public int configuredWeight() {
        return config.weight();
    }

    /**
     * The effective weight the balancer uses (CSV {@code weight}): the {@linkplain #userWeight() user
     * weight}, ramped up from 1 while the server is in slowstart; 0..256.
     */
    public int weight() {
        return weight;
    }

    /** The weight as configured or changed at run time (CSV {@code uweight}); 0..256. */
    public int userWeight() {
        return userWeight;
    }

    /**
     * How far slowstart has ramped the weight, in percent (CSV {@code throttle}); empty when the
     * server is not in slowstart.
     */
    public OptionalInt throttle() {
        if (operational != OperationalState.STARTING) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (100 * slowStartFraction(clock.millis())));
    }

    /** The server's live sessions, which {@code on-marked-down shutdown-sessions} closes. */
    public LiveSessions sessions() {
        return sessions;
    }

    /**
     * Whether the balancer may give this server new sessions (docs/haproxy-behaviour.md, "Load balancing"): operationally up, weight
     * above 0, and neither DRAIN nor MAINT.
     */
    public boolean usable() {
        return operational.isUp() && weight > 0 && admin == AdminState.READY;
    }

    /**
     * Whether a session may start now without queueing: no {@code maxconn}, or fewer sessions than it
     * and nobody queued for this server ahead of us (HAProxy's saturation test).
     */
    public boolean hasFreeSlot() {
        int maxconn = config.maxconn();
        return maxconn == 0
                || (counters.currentQueue() == 0 && counters.currentSessions() < maxconn);
    }

    /**
     * The stats page's status column (docs/haproxy-behaviour.md, "Health checks"): {@code UP}, {@code UP 1/3}, {@code DOWN},
     * {@code DOWN 1/2}, {@code NOLB}, {@code DRAIN}, {@code DRAIN 2/3}, {@code MAINT}, {@code no check}.
     */
    public String status() {
        return status(admin, operational, checksEnabled(), health.health(), health.rise(), health.fall());
    }

    static String status(AdminState admin, OperationalState op, boolean checked, int health, int rise, int fall) {
        if (admin == AdminState.MAINT) {
            return "MAINT";
        }
        int max = rise + fall - 1;
        if (op == OperationalState.STOPPED) {
            if (!checked || health == 0) {
                return "DOWN";
            }
            return "DOWN " + health + "/" + rise;
        }
        String goingDown = (health - rise + 1) + "/" + fall;
        boolean transitional = checked && health < max;
        if (op == OperationalState.STOPPING) {
            return transitional ? "NOLB " + goingDown : "NOLB";
        }
        if (admin == AdminState.DRAIN) {
            return transitional ? "DRAIN " + goingDown : "DRAIN";
        }
        if (transitional) {
            return "UP " + goingDown;
        }
        return checked ? "UP" : "no check";
    }

    // ---- check results ----

    /** The last finished check; {@link CheckResult#initializing()} before the first. */
    public CheckResult lastCheck() {
        return lastCheck;
    }

    /** Failed checks that moved the health counter (CSV {@code chkfail}). */
    public long checkFails() {
        return checkFails.get();
    }

    /** Transitions from up to down (CSV {@code chkdown}). */
    public long checkDowns() {
        return checkDowns.get();
    }

    /** When the operational or admin state last changed (CSV {@code lastchg} counts from it). */
    public Instant lastChange() {
        return Instant.ofEpochMilli(lastChangeMillis);
    }

    /** Total time spent down, the current down period included (CSV {@code downtime}). */
    public Duration downtime() {
        long since = downSinceMillis;
        long total = downtimeMillis + (since < 0 ? 0 : clock.millis() - since);
        return Duration.ofMillis(total);
    }

    // ---- traffic ----

    public Counters counters() {
        return counters;
    }

    /**
     * Starts a session here whatever {@code maxconn} says: updates the counters and tells the
     * balancer (leastconn rotates on it). Backend counters are separate. New sessions of the data
     * plane start in {@link Backend#pick} instead, which respects {@code maxconn} under races.
     */
    public void sessionStarted() {
        counters.sessionStarted();
        backend.balancer().connectionTaken(this);
    }

    /**
     * {@link #hasFreeSlot()} and {@link #sessionStarted()} as one step: starts a session only while
     * the server is below its {@code maxconn} (always without one). Two event loops may both see the
     * last free slot of a server their balancer chose; only one of them gets it here.
     * {@link Backend#pick} calls it on the balancer's choice.
     *
     * @return whether the session started (then end it with {@link #sessionEnded()}); when
     *         {@code false} nothing was counted and the balancer was not told
     */
    public boolean tryStartSession() {
        if (!counters.tryStartSession(config.maxconn())) {
            return false;
        }
        backend.balancer().connectionTaken(this);
        return true;
    }

    /** Call once per started session ({@link #sessionStarted()}, {@link #tryStartSession()}), on every path. */
    public void sessionEnded() {
        counters.sessionEnded();
        backend.balancer().connectionDropped(this);
    }

    // ---- transitions, called by Registry ----

    void changeAdmin(AdminState next, String cause) {
        synchronized (lock) {
            AdminState previous = admin;
            if (previous == next) {
                return;
            }
            Before before = before();
            if (next == AdminState.MAINT) {
                // Maintenance pauses checks and takes the server down, as HAProxy does.
                health.reset(0);
                setOperational(OperationalState.STOPPED);
            } else if (previous == AdminState.MAINT) {
                // Leaving maintenance: start OK but one failed check takes it down again.
                health.reset(health.rise());
                setOperational(OperationalState.RUNNING);
                weight = userWeight;
            }
            admin = next;
            lastChangeMillis = clock.millis();
            commit(before, cause, null, true);
        }
    }

    void changeWeight(int next, String cause) {
        synchronized (lock) {
            if (userWeight == next && weight == next) {
                return;
            }
            Before before = before();
            userWeight = next;
            weight = operational == OperationalState.STARTING ? rampedWeight(clock.millis()) : next;
            commit(before, cause, null, true);
        }
    }

    void applyCheck(CheckResult result) {
        boolean shutdownSessions = false;
        synchronized (lock) {
            if (!checksEnabled()) {
                return; // a probe that finished after 'dhlth': HAProxy has no result while disabled
            }
            lastCheck = result;
            if (admin == AdminState.MAINT) {
                return; // checks are paused in maintenance; the result is only recorded
            }
            Before before = before();
            if (result.passed()) {
                health.pass();
                if (health.isUp() && operational == OperationalState.STOPPED) {
                    comeBack();
                } else if (health.isUp() && operational == OperationalState.STOPPING) {
                    // A forced NOLB lasts until the next passed check (observed on 2.6.12).
                    setOperational(OperationalState.RUNNING);
                    weight = userWeight;
                }
            } else if (health.fail()) {
                checkFails.incrementAndGet();
                if (!health.isUp() && operational != OperationalState.STOPPED) {
                    setOperational(OperationalState.STOPPED);
                    shutdownSessions = config.shutdownSessionsOnDown();
                }
            }
            commit(before, result.describe(), result, false);
        }
        if (shutdownSessions) {
            // After the lock: subscribers saw the DOWN with its session count first (HAProxy's
            // message counts the sessions it is about to kill), and closing never needs the lock.
            sessions.closeAll();
        }
    }

    /**
     * Turns the checks off or on (HAProxy's CHK_ST_ENABLED). The health counter is kept as it is,
     * so re-enabled checks count from where they were (or from what an operator forced meanwhile).
     */
    void enableChecks(boolean enabled, String cause) {
        synchronized (lock) {
            if (checksEnabled == enabled) {
                return;
            }
            Before before = before();
            checksEnabled = enabled;
            commit(before, cause, null, false);
        }
    }

    /**
     * An operator's check result (stats page hrunn/hnolb/hdown): sets the health counter and the
     * operational state as HAProxy's srv_set_running/stopping/stopped do. In MAINT only the counter
     * moves (the page keeps showing MAINT). Publishes a change, carrying {@code forced}, only when
     * the status string moves: forcing DOWN a server already DOWN changes nothing visible.
     */
    void force(ForcedHealth forced, String cause) {
        boolean shutdownSessions = false;
        synchronized (lock) {
            Before before = before();
            health.reset(forced == ForcedHealth.DOWN ? 0 : health.max());
            if (admin == AdminState.MAINT) {
                return;
            }
            switch (forced) {
                case UP -> {
                    if (operational == OperationalState.STOPPED) {
                        comeBack();
                    } else if (operational == OperationalState.STOPPING) {
                        setOperational(OperationalState.RUNNING);
                        weight = userWeight;
                    }
                }
                case NOLB -> setOperational(OperationalState.STOPPING);
                case DOWN -> {
                    shutdownSessions = operational != OperationalState.STOPPED && config.shutdownSessionsOnDown();
                    setOperational(OperationalState.STOPPED);
                }
                default -> throw new IllegalArgumentException("forced: " + forced);
            }
            commitForced(before, cause, forced);
        }
        if (shutdownSessions) {
            sessions.closeAll(); // after the lock, as for a failed check
        }
    }

    /**
     * Back up after DOWN: straight to RUNNING, or to STARTING with the weight ramping from 1 when
     * {@code slowstart} is set (never at process start, which begins RUNNING).
     */
    private void comeBack() {
        Duration slowStart = config.slowStart();
        if (slowStart == null || slowStart.isZero() || slowStart.isNegative()) {
            setOperational(OperationalState.RUNNING);
            weight = userWeight;
            return;
        }
        setOperational(OperationalState.STARTING);
        slowStartSinceMillis = lastChangeMillis;
        weight = rampedWeight(slowStartSinceMillis);
    }

    /**
     * One slowstart step: recomputes the effective weight from the time since the server came back,
     * and ends slowstart once the whole ramp has elapsed. Returns whether it is still ramping.
     */
    boolean stepSlowStart() {
        synchronized (lock) {
            if (operational != OperationalState.STARTING) {
                return false;
            }
            Before before = before();
            long now = clock.millis();
            if (slowStartFraction(now) >= 1.0) {
                operational = OperationalState.RUNNING; // not a state change operators see: still "UP"
                weight = userWeight;
            } else {
                weight = rampedWeight(now);
            }
            commit(before, "slowstart", null, false);
            return operational == OperationalState.STARTING;
        }
    }

    /**
     * HAProxy's ramp (server_recalc_eweight): linear in the elapsed share of {@code slowstart}, never
     * below 1 so that a server that just came back gets a first trickle of traffic.
     */
    private int rampedWeight(long now) {
        int full = userWeight;
        if (full == 0) {
            return 0;
        }
        double fraction = slowStartFraction(now);
        return fraction >= 1.0 ? full : Math.max(1, (int) Math.ceil(full * fraction));
    }

    private double slowStartFraction(long now) {
        Duration slowStart = config.slowStart();
        if (slowStart == null || slowStart.toMillis() <= 0) {
            return 1.0;
        }
        return Math.max(0, Math.min(1.0, (double) (now - slowStartSinceMillis) / slowStart.toMillis()));
    }

    /** Changes the operational state, keeping chkdown, last change and downtime right. */
    private void setOperational(OperationalState next) {
        OperationalState previous = operational;
        if (previous == next) {
            return;
        }
        long now = clock.millis();
        if (next == OperationalState.STOPPED) {
            checkDowns.incrementAndGet();
            downSinceMillis = now;
        } else if (previous == OperationalState.STOPPED && downSinceMillis >= 0) {
            downtimeMillis += now - downSinceMillis;
            downSinceMillis = -1;
        }
        operational = next;
        lastChangeMillis = now;
    }

    private record Before(String status, boolean usable, int weight) {
    }

    private Before before() {
        return new Before(status(), usable(), weight);
    }

    private void commitForced(Before before, String cause, ForcedHealth forced) {
        tellBalancer(before);
        String after = status();
        if (!after.equals(before.status())) {
            events.publish(new StateChange(this, before.status(), after, cause, clock.instant(), null, forced));
        }
    }

    /**
     * Tells the balancer, then the backend, then the subscribers, in that order so that a subscriber
     * reading the backend sees the state that the event announces.
     */
    private void commit(Before before, String cause, CheckResult check, boolean alwaysPublish) {
        tellBalancer(before);
        String after = status();
        if (alwaysPublish || !after.equals(before.status())) {
            events.publish(new StateChange(this, before.status(), after, cause, clock.instant(), check));
        }
    }

    /** The balancer's callbacks for what moved since {@code before}, then the backend's totals. */
    private void tellBalancer(Before before) {
        boolean usableNow = usable();
        if (usableNow != before.usable()) {
            if (usableNow) {
                backend.balancer().serverUp(this);
            } else {
                backend.balancer().serverDown(this);
            }
        } else if (weight != before.weight()) {
            backend.balancer().weightChanged(this);
        }
        backend.serverChanged();
    }

    // ---- reload, called by ReloadCarryOver while this server is not yet visible ----

    /** Everything {@link ReloadCarryOver} decided, applied at once (no balancer, no event). */
    void takeOver(Server from, AdminState nextAdmin, OperationalState nextOperational, int nextHealth,
            int nextUserWeight, boolean nextChecksEnabled) {
        synchronized (lock) {
            admin = nextAdmin;
            operational = nextOperational;
            health.reset(nextHealth);
            userWeight = nextUserWeight;
            slowStartSinceMillis = from.slowStartSinceMillis;
            weight = operational == OperationalState.STARTING ? rampedWeight(clock.millis()) : userWeight;
            checksEnabled = nextChecksEnabled;
            lastCheck = from.lastCheck;
            checkFails.set(from.checkFails.get());
            checkDowns.set(from.checkDowns.get());
            lastChangeMillis = from.lastChangeMillis;
            downtimeMillis = from.downtimeMillis;
            downSinceMillis = operational == OperationalState.STOPPED
                    ? (from.downSinceMillis >= 0 ? from.downSinceMillis : clock.millis()) : -1;
            if (operational != OperationalState.STOPPED && from.downSinceMillis >= 0) {
                downtimeMillis += clock.millis() - from.downSinceMillis;
            }
        }
    }

    @Override
    public String toString() {
        return backend.name() + "/" + name();
    }
}
