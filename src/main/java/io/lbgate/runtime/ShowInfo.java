package io.lbgate.runtime;

import io.lbgate.Version;
import io.lbgate.config.GatewayConfig;
import io.lbgate.registry.Counters;
import io.lbgate.registry.Frontend;
import io.lbgate.registry.Registry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code show info [typed|json]}: HAProxy 2.6's process fields, every key in its order (hatop and
 * exporters look keys up and abort when one is missing), filled with what lbgate has. Counters
 * lbgate has no notion of (SSL, pipes, compression, peers) read 0, as on an HAProxy that does not
 * use them; {@code Name} is {@code lbgate}.
 */
final class ShowInfo {
    private static final Map<Character, String> ORIGIN = Map.of(
            'M', "Metric", 'S', "Status", 'K', "Key", 'C', "Config", 'P', "Product");
    private static final Map<Character, String> NATURE = Map.ofEntries(
            Map.entry('A', "Age"), Map.entry('a', "Avg"), Map.entry('C', "Counter"), Map.entry('D', "Duration"),
            Map.entry('G', "Gauge"), Map.entry('L', "Limit"), Map.entry('M', "Max"), Map.entry('m', "Min"),
            Map.entry('N', "Name"), Map.entry('O', "Output"), Map.entry('R', "Rate"), Map.entry('T', "Time"));
    private static final Map<Character, String> SCOPE = Map.of(
            'C', "Cluster", 'P', "Process", 'S', "Service", 's', "System");

    /** Looked up once: the name resolution must not stall the API's thread at each {@code show info}. */
    private static final String NODE = hostname();

    private ShowInfo() {
    }

    static String version() {
        return Version.current();
    }

    static String run(CliRequest request) {
        Map<InfoField, String> values = values(request.services());
        List<String> options = request.words().subList(2, request.words().size());
        if (options.contains("json")) {
            return json(values) + "\n";
        }
        boolean typed = options.contains("typed");
        StringBuilder sb = new StringBuilder(2048);
        for (Map.Entry<InfoField, String> e : values.entrySet()) {
            InfoField f = e.getKey();
            if (typed) {
                sb.append(f.position()).append('.').append(f.key()).append(".1:").append(f.tags()).append(':')
                        .append(f.type()).append(':').append(e.getValue()).append('\n');
            } else {
                sb.append(f.key()).append(": ").append(e.getValue()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String json(Map<InfoField, String> values) {
        StringBuilder sb = new StringBuilder(8192).append('[');
        for (Map.Entry<InfoField, String> e : values.entrySet()) {
            InfoField f = e.getKey();
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("{\"field\":{\"pos\":").append(f.position()).append(",\"name\":\"").append(f.key())
                    .append("\"},\"processNum\":1,\"tags\":{\"origin\":\"").append(ORIGIN.get(f.tags().charAt(0)))
                    .append("\",\"nature\":\"").append(NATURE.get(f.tags().charAt(1)))
                    .append("\",\"scope\":\"").append(SCOPE.get(f.tags().charAt(2)))
                    .append("\"},\"value\":{\"type\":\"").append(f.type()).append("\",\"value\":");
            if (f.type().equals("str")) {
                sb.append('"').append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(e.getValue());
            }
            sb.append("}}");
        }
        return sb.append(']').toString();
    }

    private static Map<InfoField, String> values(ApiServices services) {
        Registry registry = services.registry();
        GatewayConfig config = services.config();
        long currConns = 0;
        long cumConns = 0;
        long cumReq = 0;
        long connRate = 0;
        long maxConnRate = 0;
        long bytesOut = 0;
        List<Frontend> frontends = new java.util.ArrayList<>(registry.frontends());
        frontends.addAll(registry.statsFrontends());
        for (Frontend f : frontends) {
            Counters c = f.counters();
            currConns += c.currentSessions();
            cumConns += c.totalSessions();
            cumReq += c.requests();
            connRate += c.sessionRate();
            maxConnRate += c.maxSessionRate();
            bytesOut += c.bytesOut();
        }
        long uptime = Duration.between(services.started(), services.clock().instant()).toSeconds();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long fds = maxFileDescriptors();
        int maxconn = config.global().maxconn();
        Map<InfoField, String> v = new EnumMap<>(InfoField.class);
        for (InfoField f : InfoField.values()) {
            v.put(f, "0");
        }
        v.put(InfoField.NAME, "lbgate");
        v.put(InfoField.VERSION, version());
        v.put(InfoField.RELEASE_DATE, "-");
        v.put(InfoField.NBTHREAD, Integer.toString(Runtime.getRuntime().availableProcessors()));
        v.put(InfoField.NBPROC, "1");
        v.put(InfoField.PROCESS_NUM, "1");
        v.put(InfoField.PID, Long.toString(ProcessHandle.current().pid()));
        v.put(InfoField.UPTIME, String.format("%dd %dh%02dm%02ds", uptime / 86400, uptime / 3600 % 24,
                uptime / 60 % 60, uptime % 60));
        v.put(InfoField.UPTIME_SEC, Long.toString(uptime));
        v.put(InfoField.POOL_ALLOC_MB, Long.toString(heap.getCommitted() >> 20));
        v.put(InfoField.POOL_USED_MB, Long.toString(heap.getUsed() >> 20));
        v.put(InfoField.ULIMIT_N, Long.toString(fds));
        v.put(InfoField.MAXSOCK, Long.toString(fds));
        v.put(InfoField.MAXCONN, Integer.toString(maxconn));
        v.put(InfoField.HARD_MAXCONN, Integer.toString(maxconn));
        v.put(InfoField.CURR_CONNS, Long.toString(currConns));
        v.put(InfoField.CUM_CONNS, Long.toString(cumConns));
        v.put(InfoField.CUM_REQ, Long.toString(cumReq));
        v.put(InfoField.CONN_RATE, Long.toString(connRate));
        v.put(InfoField.MAX_CONN_RATE, Long.toString(maxConnRate));
        v.put(InfoField.SESS_RATE, Long.toString(connRate));
        v.put(InfoField.MAX_SESS_RATE, Long.toString(maxConnRate));
        v.put(InfoField.TASKS, Integer.toString(Thread.activeCount()));
        v.put(InfoField.IDLE_PCT, Integer.toString(idlePercent()));
        v.put(InfoField.NODE, NODE);
        v.put(InfoField.JOBS, Long.toString(currConns + listeners(config)));
        v.put(InfoField.LISTENERS, Integer.toString(listeners(config)));
        v.put(InfoField.TOTAL_BYTES_OUT, Long.toString(bytesOut));
        v.put(InfoField.BUILD_INFO, version());
        v.put(InfoField.POOL_ALLOC_BYTES, Long.toString(heap.getCommitted()));
        v.put(InfoField.POOL_USED_BYTES, Long.toString(heap.getUsed()));
        v.put(InfoField.START_TIME_SEC, Long.toString(services.started().getEpochSecond()));
        return v;
    }

    /** Every bind of every frontend and of every stats listener, and every runtime API socket. */
    private static int listeners(GatewayConfig config) {
        int n = config.frontends().stream().mapToInt(f -> f.binds().size()).sum();
        n += config.statsListeners().stream().mapToInt(s -> s.binds().size()).sum();
        return n + config.global().runtimeApi().sockets().size();
    }

    private static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 0;
    }

    /** HAProxy's idle share of its threads; here the part of the machine the process leaves unused. */
    private static int idlePercent() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getProcessCpuLoad();
            if (load >= 0) {
                return (int) Math.round(100 - Math.min(1, load) * 100);
            }
        }
        return 100;
    }

    /** HAProxy's {@code node} defaults to the host name. */
    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
