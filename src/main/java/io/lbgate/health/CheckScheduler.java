package io.lbgate.health;

import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the checks of every server with {@code check} on a few event loops of their own (never the
 * data plane's: a check storm must not delay traffic, nor traffic a check). A thousand servers cost
 * a thousand scheduled tasks, not a thousand threads.
 *
 * <p>First checks are spread as HAProxy's start_checks does: the k-th of n checked servers (0-based,
 * declaration order across backends) starts {@code mininter * k / n} after start, where mininter is
 * the smallest first interval of at least 1 s among them (0 when there is none: all start at once).
 */
final class CheckScheduler {
    /** Intervals below this do not dictate the spread (HAProxy's SRV_CHK_INTER_THRES). */
    static final long SPREAD_THRESHOLD_MILLIS = 1000;

    private final Registry registry;
    private final int threads;
    private final List<ServerChecker> checkers = new ArrayList<>();
    private EventLoopGroup group;
    private Bootstrap bootstrap;

    CheckScheduler(Registry registry, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        this.registry = registry;
        this.threads = threads;
    }

    /** Starts checking; returns how many servers are checked. */
    synchronized int start() {
        List<Server> checked = registry.servers().stream().filter(Server::isChecked).toList();
        if (checked.isEmpty()) {
            return 0;
        }
        loops();
        long mininter = spreadInterval(checked);
        int n = checked.size();
        for (int k = 0; k < n; k++) {
            Server server = checked.get(k);
            ServerChecker checker = new ServerChecker(server, registry,
                    CheckPlan.of(server), group.next(), bootstrap);
            checkers.add(checker);
            checker.start(mininter * k / n);
        }
        return n;
    }

    /**
     * After a reload replaced the registry's servers: a checker whose server is gone or no longer
     * checked stops; a server whose check is the same as before (address, probe, rise/fall,
     * intervals) gets a checker that probes one interval later, so its rhythm goes on with no burst
     * and no gap; a new or changed one starts now, spread as at start-up.
     *
     * @return how many checkers were started afresh (new or changed checks)
     */
    synchronized int reload() {
        Map<String, ServerChecker> before = new HashMap<>();
        checkers.forEach(c -> before.put(c.server().toString(), c));
        List<ServerChecker> next = new ArrayList<>();
        List<Server> fresh = new ArrayList<>();
        List<Server> checked = registry.servers().stream().filter(Server::isChecked).toList();
        if (!checked.isEmpty()) {
            loops();
        }
        for (Server server : checked) {
            ServerChecker old = before.remove(server.toString());
            if (old != null) {
                old.stop();
            }
            if (old != null && sameCheck(old.server(), server)) {
                next.add(startChecker(server, ServerChecker.interval(server)));
            } else {
                fresh.add(server);
            }
        }
        before.values().forEach(ServerChecker::stop);
        long mininter = spreadInterval(fresh);
        for (int k = 0; k < fresh.size(); k++) {
            next.add(startChecker(fresh.get(k), mininter * k / fresh.size()));
        }
        checkers.clear();
        checkers.addAll(next);
        return fresh.size();
    }

    private ServerChecker startChecker(Server server, long delayMillis) {
        ServerChecker checker = new ServerChecker(server, registry,
                CheckPlan.of(server), group.next(), bootstrap);
        checker.start(delayMillis);
        return checker;
    }

    /** Whether two servers are probed the same way at the same pace. */
    static boolean sameCheck(Server a, Server b) {
        CheckPlan pa = CheckPlan.of(a);
        CheckPlan pb = CheckPlan.of(b);
        var ca = a.config();
        var cb = b.config();
        return pa.address().equals(pb.address()) && pa.proxyHeader() == pb.proxyHeader()
                && Arrays.equals(pa.httpRequest(), pb.httpRequest())
                && pa.expectStatuses().equals(pb.expectStatuses())
                && pa.connectMillis() == pb.connectMillis() && pa.responseMillis() == pb.responseMillis()
                && ca.rise() == cb.rise() && ca.fall() == cb.fall()
                && Objects.equals(ca.inter(), cb.inter())
                && Objects.equals(ca.effectiveFastInter(), cb.effectiveFastInter())
                && Objects.equals(ca.effectiveDownInter(), cb.effectiveDownInter())
                && Objects.equals(ca.slowStart(), cb.slowStart());
    }

    /** One probe of {@code server} outside the schedule, its result to {@code onResult} (tests, "check now"). */
    synchronized void probeOnce(Server server, Consumer<CheckResult> onResult) {
        loops();
        EventLoop loop = group.next();
        CheckPlan plan = CheckPlan.of(server);
        loop.execute(() -> new Probe(plan, loop, bootstrap, onResult).start());
    }

    private void loops() {
        if (group != null) {
            return;
        }
        // epoll where the kernel has it, else Java's NIO; never io_uring: an io_uring loop
        // pre-allocates its ring and 1,024 message headers (about 0.6 MiB of heap in 8,000 small
        // objects, plus native memory) whatever it carries, and the checks gain nothing from it.
        // bench/health/run.sh, 1,000 checks a second: epoll 51 us, io_uring 54, NIO 104 of CPU per check.
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("lbgate-check", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                // Closing with RST, as HAProxy closes its checks: no TIME_WAIT left behind per check,
                // which at a thousand checks a second would exhaust the ephemeral ports.
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Stops every checker, closes their connections and releases the event loops. */
    synchronized void stop() {
        List<Future<?>> stopping = new ArrayList<>();
        checkers.forEach(c -> stopping.add(c.stop()));
        for (Future<?> f : stopping) {
            f.awaitUninterruptibly(2000);
        }
        checkers.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
            group = null;
            bootstrap = null;
        }
    }

    synchronized int checkedServers() {
        return checkers.size();
    }

    static long spreadInterval(List<Server> checked) {
        long min = 0;
        for (Server s : checked) {
            long first = ServerChecker.interval(s);
            if (first >= SPREAD_THRESHOLD_MILLIS && (min == 0 || first < min)) {
                min = first;
            }
        }
        return min;
    }
}
