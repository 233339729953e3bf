import io.lbgate.config.haproxy.HaproxyConfigReader;
import io.lbgate.health.HealthChecks;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * What checking N servers every second costs: N server lines with {@code check inter 1s} spread
 * over 10 loopback listeners, run through the real HealthChecks lifecycle for a warm-up and a
 * measured window. Prints the CPU time of the check threads and of the whole process (listeners
 * included) as a share of one core.
 *
 * <p>Run: {@code bench/health/run.sh [servers] [seconds]} (see docs/performance.md).
 */
public final class HealthCheckBench {
    public static void main(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int listeners = 10;
        AtomicLong accepted = new AtomicLong();
        List<DisposableServer> nodes = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            nodes.add(TcpServer.create().host("127.0.0.1").port(0)
                    .doOnConnection(c -> accepted.incrementAndGet())
                    .handle((in, out) -> in.receive().then())
                    .bindNow());
        }
        StringBuilder cfg = new StringBuilder("defaults\n    mode tcp\n    timeout connect 5s\n"
                + "    timeout client 30s\n    timeout server 30s\n");
        int perBackend = servers / listeners;
        for (int b = 0; b < listeners; b++) {
            cfg.append("backend be").append(b).append('\n');
            for (int s = 0; s < perBackend; s++) {
                cfg.append("    server s").append(s).append(" 127.0.0.1:").append(nodes.get(b).port())
                        .append(" check inter 1s\n");
            }
        }
        Path dir = Files.createTempDirectory("lbgate-bench");
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), cfg);
        Registry registry = Registry.from(HaproxyConfigReader.read(List.of(file)).config(), io.lbgate.balance.Balancers::create);
        HealthChecks checks = new HealthChecks(registry);
        checks.start();
        try {
            Thread.sleep(5_000); // warm-up: JIT, first-check spread
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long wall0 = System.nanoTime();
            long process0 = os.getProcessCpuTime();
            long check0 = checkThreadsCpu(threads);
            long accepted0 = accepted.get();
            Thread.sleep(seconds * 1000L);
            long wall = System.nanoTime() - wall0;
            long process = os.getProcessCpuTime() - process0;
            long check = checkThreadsCpu(threads) - check0;
            long probes = accepted.get() - accepted0;
            long up = registry.servers().stream().map(Server::status).filter("UP"::equals).count();
            System.out.printf("servers=%d inter=1s window=%ds cores=%d%n", servers, seconds,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("checks/s=%.0f  servers UP=%d/%d%n", probes * 1e9 / wall, up, servers);
            System.out.printf("check threads: %.1f%% of one core (%.1f us per check)%n",
                    100.0 * check / wall, check / 1e3 / Math.max(1, probes));
            System.out.printf("whole process (listeners included): %.1f%% of one core%n", 100.0 * process / wall);
        } finally {
            checks.stop();
            nodes.forEach(DisposableServer::disposeNow);
            Files.delete(file);
            Files.delete(dir);
        }
    }

    private static long checkThreadsCpu(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("lbgate-check")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, t);
            }
        }
        return total;
    }
}
