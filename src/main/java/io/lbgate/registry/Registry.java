package io.lbgate.registry;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.FrontendConfig;
import io.lbgate.config.GatewayConfig;
import io.lbgate.config.HttpConnectionMode;
import io.lbgate.config.LogSettings;
import io.lbgate.config.ProxyMode;
import io.lbgate.config.ServerConfig;
import io.lbgate.config.StatsConfig;
import io.lbgate.config.Timeouts;
import io.lbgate.config.Algorithm;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The run-time truth: every frontend, backend and server, their states and counters. Built from a
 * {@link GatewayConfig}, and rebuilt by a reload ({@link #apply}) with state and counters carried
 * over, this object staying the same; the stats page, runtime API and health checker change it only through
 * {@link #setAdminState}, {@link #setWeight}, {@link #reportCheck}, {@link #setChecksEnabled} and
 * {@link #forceHealth}, each of which tells the
 * backend's balancer and publishes a {@link StateChange}.
 *
 * <p>Events are plain callbacks ({@link #subscribe}) rather than a Reactor {@code Flux}: the
 * registry stays free of any scheduler, delivery is in order on the changing thread, tests need no
 * StepVerifier, and a reactive consumer bridges in one line with
 * {@code Flux.create(sink -> sink.onDispose(registry.subscribe(sink::next)::close))}.
 */
public final class Registry {
    private final Clock clock;
    private final Balancer.Factory balancers;
    private final Events events = new Events();
    private final List<Consumer<? super ReloadChanges>> reloadListeners = new CopyOnWriteArrayList<>();
    /** Replaced whole by a reload ({@link #apply}); every lookup reads one consistent set. */
    private volatile Tables tables;

    /** The frontends, backends and servers of one configuration. */
    private record Tables(Map<String, Frontend> frontends, Map<String, Backend> backends,
                          Map<Integer, Backend> backendsByIid, Map<String, Frontend> statsFrontends) {
    }

    private Registry(GatewayConfig config, Clock clock, Balancer.Factory balancers) {
        this.clock = clock;
        this.balancers = balancers;
        this.tables = build(config, null);
    }

    /**
     * The model's proxies, each continuing its predecessor of the same name in {@code previous}
     * when there is one. The configuration numbers proxies as HAProxy does (file order; a listen
     * section's frontend and backend share their id), see FrontendConfig#id.
     */
    private Tables build(GatewayConfig config, Tables previous) {
        Map<String, Frontend> fe = new LinkedHashMap<>();
        for (FrontendConfig f : config.frontends()) {
            Frontend before = previous == null ? null : previous.frontends().get(f.name());
            fe.put(f.name(), new Frontend(f, f.id(), clock, before));
        }
        Map<String, Frontend> stats = new LinkedHashMap<>();
        for (StatsConfig s : config.statsListeners()) {
            Frontend before = previous == null ? null : previous.statsFrontends().get(s.name());
            stats.put(s.name(), new Frontend(statsFrontend(s), s.id(), clock, before));
        }
        // A stats listener is a proxy of its own (HAProxy lists its backend with the others, in
        // file order): its backend has no server; the control plane counts its requests there.
        List<BackendConfig> backendConfigs = new ArrayList<>(config.backends());
        for (StatsConfig s : config.statsListeners()) {
            int at = 0;
            while (at < backendConfigs.size() && backendConfigs.get(at).id() < s.id()) {
                at++;
            }
            backendConfigs.add(at, statsBackend(s));
        }
        Map<String, Backend> be = new LinkedHashMap<>();
        Map<Integer, Backend> byIid = new HashMap<>();
        for (BackendConfig b : backendConfigs) {
            Backend before = previous == null ? null : previous.backends().get(b.name());
            Backend backend = new Backend(b, b.id(), clock, events, balancers, before);
            be.put(b.name(), backend);
            byIid.put(backend.iid(), backend);
        }
        return new Tables(fe, be, byIid, stats);
    }

    /**
     * @param balancers makes each backend's balancer ({@code Balancers::create}): the registry knows
     *                  the balancing contract, not the algorithms
     */
    public static Registry from(GatewayConfig config, Balancer.Factory balancers) {
        return from(config, Clock.systemUTC(), balancers);
    }

    /** With a clock of one's own, for tests of last-change and downtime. */
    public static Registry from(GatewayConfig config, Clock clock, Balancer.Factory balancers) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(balancers, "balancers");
        return new Registry(config, clock, balancers);
    }

    // ---- lookup ----

    /** In declaration order. */
    public List<Frontend> frontends() {
        return List.copyOf(tables.frontends().values());
    }

    public Optional<Frontend> frontend(String name) {
        return Optional.ofNullable(tables.frontends().get(name));
    }

    /** In declaration order. */
    public List<Backend> backends() {
        return List.copyOf(tables.backends().values());
    }

    public Optional<Backend> backend(String name) {
        return Optional.ofNullable(tables.backends().get(name));
    }

    public Optional<Backend> backend(int iid) {
        return Optional.ofNullable(tables.backendsByIid().get(iid));
    }

    public Optional<Server> server(String backend, String server) {
        return backend(backend).flatMap(b -> b.server(server));
    }

    /** Every server of every backend, in declaration order. */
    public List<Server> servers() {
        List<Server> all = new ArrayList<>();
        tables.backends().values().forEach(b -> all.addAll(b.servers()));
        return all;
    }

    // ---- changes ----

    /**
     * Puts a server in READY, DRAIN or MAINT. Entering MAINT takes it down and pauses its checks;
     * leaving MAINT brings it up at once with health {@code rise}, so one failed check takes it
     * down again (as HAProxy). Does nothing if the state is already {@code state}.
     *
     * @param who the actor, as the state-change message names it: {@code "changed from CLI"},
     *            {@code "'disable' on stats page"}
     */
    public void setAdminState(Server server, AdminState state, String who) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(who, "who");
        server.changeAdmin(state, who);
    }

    /**
     * Changes a server's current weight; effective immediately for dynamic algorithms. Static ones
     * (static-rr, source) accept only 0 or the configured weight, as HAProxy's "0% or 100%".
     *
     * @throws IllegalArgumentException when out of 0..256 or not allowed by the algorithm
     */
    public void setWeight(Server server, int weight, String who) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(who, "who");
        if (weight < 0 || weight > ServerConfig.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..256)");
        }
        if (!server.backend().balancer().dynamicWeights()
                && weight != 0 && weight != server.configuredWeight()) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0 or "
                    + server.configuredWeight() + ", backend '" + server.backend().name()
                    + "' uses a static algorithm)");
        }
        server.changeWeight(weight, who);
    }

    /**
     * Records a finished health check and counts it against rise/fall. Publishes a change when the
     * status string moves ({@code UP} → {@code UP 2/3}); results for a server in MAINT or without
     * {@code check} are recorded but change nothing.
     */
    public void reportCheck(Server server, CheckResult result) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(result, "result");
        server.applyCheck(result);
    }

    /**
     * Disables ({@code dhlth}, {@code disable health}) or re-enables ({@code ehlth}) the health checks
     * of a server that has {@code check}. While disabled no probe runs, the status shows
     * {@code no check} (or the forced {@code DOWN}/{@code NOLB}) and the stats page hides the check
     * columns; on enabling, checks resume from the health counter as it is. Publishes a change when
     * the status string moves; logs nothing, as HAProxy.
     *
     * @return whether the server has checks configured; {@code false} (nothing done) for one without
     *         {@code check}, which HAProxy's form does not count as altered
     */
    public boolean setChecksEnabled(Server server, boolean enabled, String who) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(who, "who");
        if (!server.isChecked()) {
            return false;
        }
        server.enableChecks(enabled, who);
        return true;
    }

    /**
     * Imposes a check result as HAProxy 2.6's {@code hrunn}/{@code hnolb}/{@code hdown} and
     * {@code set server ... health}: UP sets health to {@code rise + fall - 1} and the server up,
     * NOLB the same but soft-stopped, DOWN health 0 and the server down (killing its sessions with
     * {@code on-marked-down shutdown-sessions}). The balancer is told at once. It also applies to a
     * server without {@code check} (which then stays as forced) and, in MAINT, sets only the counter.
     * The next check result counts from the forced health as usual.
     *
     * @param who how HAProxy's message goes on: {@code "changed from Web interface"},
     *            {@code "changed from CLI"}
     */
    public void forceHealth(Server server, ForcedHealth health, String who) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(who, "who");
        server.force(health, who);
    }

    /**
     * One slowstart step for {@code server}: recomputes its effective weight from the time since it
     * came back from DOWN (the balancer's weightChanged callback fires when it moves) and ends
     * slowstart once the ramp is complete. The health checker calls it periodically; returns
     * whether the server is still ramping (false for a server not in slowstart).
     */
    public boolean stepSlowStart(Server server) {
        Objects.requireNonNull(server, "server");
        return server.stepSlowStart();
    }

    /**
     * A reload: replaces every frontend, backend and server with those of {@code next}, at once for
     * every reader. Those that keep their name continue their predecessor's counters, and servers
     * that keep their backend and name keep their state (see {@link ReloadCarryOver} for the
     * rules). The previous objects stay valid for the requests and sessions that hold them; their
     * traffic still counts on the shared counters. Subscribers get a {@link StateChange} (cause
     * {@code "reload"}) for every server whose status string differs from before, and the
     * {@link #onReload reload listeners} are told.
     *
     * @return what changed, by name
     */
    public synchronized ReloadChanges apply(GatewayConfig next) {
        Objects.requireNonNull(next, "next");
        Tables previous = tables;
        Tables built = build(next, previous);
        tables = built;
        ReloadChanges changes = ReloadChanges.between(previous.backends(), built.backends());
        for (Server server : servers()) {
            Backend before = previous.backends().get(server.backend().name());
            Server old = before == null ? null : before.server(server.name()).orElse(null);
            if (old != null && !old.status().equals(server.status())) {
                events.publish(new StateChange(server, old.status(), server.status(), "reload", clock.instant()));
            }
        }
        reloadListeners.forEach(l -> l.accept(changes));
        return changes;
    }

    /**
     * Calls {@code listener} after every {@link #apply}, on the reloading thread, once the new
     * objects are in place (the stats page's live view rebuilds its rows on it).
     */
    public Subscription onReload(Consumer<? super ReloadChanges> listener) {
        Objects.requireNonNull(listener, "listener");
        reloadListeners.add(listener);
        return () -> reloadListeners.remove(listener);
    }

    /**
     * Delivers every later {@link StateChange} to {@code subscriber}, synchronously, on the thread
     * that made the change. Keep it quick; an exception it throws is logged and ignored.
     */
    public Subscription subscribe(Consumer<? super StateChange> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        return events.subscribe(subscriber);
    }

    // ---- stats listeners ----

    /**
     * The frontend half of each stats listener, in declaration order. Kept apart from
     * {@link #frontends()}, which the data plane serves: the control plane serves these.
     */
    public List<Frontend> statsFrontends() {
        return List.copyOf(tables.statsFrontends().values());
    }

    public Optional<Frontend> statsFrontend(String name) {
        return Optional.ofNullable(tables.statsFrontends().get(name));
    }

    /** What a stats listener's FRONTEND row describes: an HTTP proxy on its binds, its own backend. */
    private static FrontendConfig statsFrontend(StatsConfig s) {
        return new FrontendConfig(s.name(), s.id(), ProxyMode.HTTP, s.binds(), s.maxconn(), s.name(), Timeouts.NONE,
                HttpConnectionMode.KEEP_ALIVE, null, LogSettings.NONE, false);
    }

    /** A stats listener's backend: no server, HAProxy's defaults. */
    private static BackendConfig statsBackend(StatsConfig s) {
        return new BackendConfig(s.name(), s.id(), ProxyMode.HTTP, Algorithm.ROUNDROBIN, List.of(),
                BackendConfig.DEFAULT_RETRIES, 0, false, null, Timeouts.NONE, HttpConnectionMode.KEEP_ALIVE, null,
                LogSettings.NONE, false);
    }
}
