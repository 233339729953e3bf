package io.lbgate.proxy.backend;

import io.lbgate.support.FreePorts;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** The same scenario through the real HAProxy 2.6, its counters read with {@code show stat}. */
final class HaproxyRun {
    private HaproxyRun() {
    }

    static BackendStreamScenariosIntegrationTest.Result run(Path dir, String mode, Scenario s, ScenarioServers servers,
            BackendStreamScenariosIntegrationTest.Syslog syslog) throws Exception {
        Path socket = Files.createTempDirectory(dir, "haproxy").resolve("admin.sock");
        int port = FreePorts.next();
        Path cfg = Files.writeString(socket.resolveSibling("haproxy.cfg"),
                ScenarioConfig.write(mode, s, servers, port, syslog.port(), socket));
        syslog.lines().clear();
        Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(socket.resolveSibling("haproxy.out").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> command(socket, "show info").contains("Pid:"));
            var result = ScenarioRun.run(mode, s, port, syslog);
            return result.withRows(rows(command(socket, "show stat")));
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
        }
    }

    /** The {@code be} rows of {@code show stat}: econ wretr wredis stot lbtot qmax. */
    private static List<String> rows(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.get(0).substring(2).split(","));
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < header.size() || !f[0].equals("be")) {
                continue;
            }
            rows.add(f[1] + " " + f[header.indexOf("econ")] + " " + f[header.indexOf("wretr")] + " "
                    + f[header.indexOf("wredis")] + " " + f[header.indexOf("stot")] + " "
                    + f[header.indexOf("lbtot")] + " " + f[header.indexOf("qmax")]);
        }
        return rows;
    }

    private static String command(Path socket, String command) throws IOException {
        if (!Files.exists(socket)) {
            return "";
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (channel.read(buf) > 0) {
                buf.flip();
                out.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return out.toString();
        }
    }
}
