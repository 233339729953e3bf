package io.lbgate.registry;

import io.lbgate.registry.PickContext;
import io.lbgate.config.BackendConfig;
import io.lbgate.config.ServerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code backend} at run time: its servers in declaration order, its balancer and its counters.
 * Its status follows docs/haproxy-behaviour.md, "Load balancing": {@code UP} while some server is usable (or it has none at all).
 */
public final class Backend {
    private final BackendConfig config;
    private final int iid;
    private final Clock clock;
    private final List<Server> servers;
    private final Balancer balancer;
    private final Counters counters;

    private boolean up; // guarded by this
    private volatile long lastChangeMillis;
    private volatile long downSinceMillis = -1;
    private volatile long downtimeMillis;

    /**
     * @param balancers   makes the backend's balancer
     * @param predecessor the backend of the same name in the configuration a reload replaces: its
     *                    counters continue here and each server of the same name hands its state
     *                    over; {@code null} for a new backend
     */
    Backend(BackendConfig config, int iid, Clock clock, Events events, Balancer.Factory balancers,
            Backend predecessor) {
        this.config = config;
        this.iid = iid;
        this.clock = clock;
        this.counters = predecessor == null ? new Counters(clock) : predecessor.counters;
        List<Server> list = new ArrayList<>(config.servers().size());
        int id = 1;
        for (ServerConfig sc : config.servers()) {
            Server before = predecessor == null ? null : predecessor.server(sc.name()).orElse(null);
            list.add(new Server(this, sc, id++, clock, events, before));
        }
        this.servers = List.copyOf(list);
        this.balancer = balancers.create(config.balance(), servers, config.allBackups());
        this.lastChangeMillis = clock.millis();
        this.up = computeUp();
        if (!up) {
            downSinceMillis = lastChangeMillis;
        }
        if (predecessor != null) {
            continueTimes(predecessor);
        }
    }

    /** A reload's backend keeps the downtime and last change its predecessor counted. */
    private void continueTimes(Backend predecessor) {
        downtimeMillis = predecessor.downtimeMillis;
        long before = predecessor.downSinceMillis;
        if (up && before >= 0) {
            downtimeMillis += clock.millis() - before;
        } else if (!up && before >= 0) {
            downSinceMillis = before;
        }
        if (up == (before < 0)) {
            lastChangeMillis = predecessor.lastChangeMillis; // the state did not change across the reload
        }
    }

    public String name() {
        return config.name();
    }

    /** The proxy's numeric id (HAProxy's {@code iid}, the admin form's {@code b=#<iid>}). */
    public int iid() {
        return iid;
    }

    public BackendConfig config() {
        return config;
    }

    /** In declaration order; {@code servers().get(i).id() == i + 1}. */
    public List<Server> servers() {
        return servers;
    }

    public Optional<Server> server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Server> server(int id) {
        return id >= 1 && id <= servers.size() ? Optional.of(servers.get(id - 1)) : Optional.empty();
    }

    public Balancer balancer() {
        return balancer;
    }

    /** As {@link #pick(PickContext, Server)} for a caller that holds no session on any server. */
    public Server pick(PickContext context) {
        return pick(context, null);
    }

    /**
     * The balancer's choice for a new session, with the session already started there
     * ({@link Server#tryStartSession()}; end it with {@link Server#sessionEnded()}), or {@code null}
     * when no server is usable or every usable one is full (then {@link #isUp()} tells 503 from
     * queueing).
     *
     * <p>The balancer checks for a free slot, and another event loop may take the last one before
     * the session starts here. The server is then full, so the balancer passes it over: this picks
     * again, at most once per server, and gives up with {@code null} (the caller queues).
     *
     * @param held the server the caller already has a session on and may be given again (the one a
     *             redispatch leaves, still counted), or {@code null}: chosen again, it is returned
     *             without a second session, and the caller keeps the one it has
     */
    public Server pick(PickContext context, Server held) {
        for (int attempt = 0; attempt < Math.max(1, servers.size()); attempt++) {
            Server chosen = balancer.pick(context);
            if (chosen == null || chosen == held || chosen.tryStartSession()) {
                return chosen;
            }
        }
        return null;
    }

    /**
     * The balancer's choice without taking a slot, for hash-based algorithms ({@code source}) whose
     * choice does not depend on how full a server is: the caller takes the slot or waits in that
     * server's queue. {@code null} when no server is usable.
     */
    public Server choose(PickContext context) {
        return balancer.pick(context);
    }

    public Counters counters() {
        return counters;
    }

    /** {@code UP} or {@code DOWN}, as the CSV status column of a backend row. */
    public String status() {
        return isUp() ? "UP" : "DOWN";
    }

    public synchronized boolean isUp() {
        return up;
    }

    /** Usable active servers ("3 active and 0 backup servers left"). */
    public int activeUsableCount() {
        return (int) servers.stream().filter(s -> !s.isBackup() && s.usable()).count();
    }

    /** Usable backup servers. */
    public int backupUsableCount() {
        return (int) servers.stream().filter(s -> s.isBackup() && s.usable()).count();
    }

    /**
     * The weight the balancer spreads (CSV backend {@code weight}): the usable active servers', else
     * the usable backups' (only the first one's without {@code option allbackups}).
     */
    public int usableWeight() {
        int active = 0;
        int backup = 0;
        for (Server s : servers) {
            if (!s.usable()) {
                continue;
            }
            if (!s.isBackup()) {
                active += s.weight();
            } else if (config.allBackups() || backup == 0) {
                backup += s.weight();
            }
        }
        return active > 0 ? active : backup;
    }

    public Instant lastChange() {
        return Instant.ofEpochMilli(lastChangeMillis);
    }

    /** Total time with no usable server, the current period included. */
    public Duration downtime() {
        long since = downSinceMillis;
        return Duration.ofMillis(downtimeMillis + (since < 0 ? 0 : clock.millis() - since));
    }

    /** Called after any server change, once the balancer knows about it. */
    synchronized void serverChanged() {
        boolean now = computeUp();
        if (now == up) {
            return;
        }
        long t = clock.millis();
        if (now) {
            downtimeMillis += t - downSinceMillis;
            downSinceMillis = -1;
        } else {
            downSinceMillis = t;
        }
        up = now;
        lastChangeMillis = t;
    }

    private boolean computeUp() {
        return servers.isEmpty() || servers.stream().anyMatch(Server::usable);
    }

    @Override
    public String toString() {
        return name();
    }
}
