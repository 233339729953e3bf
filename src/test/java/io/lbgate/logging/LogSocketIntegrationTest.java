package io.lbgate.logging;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The syslog socket exists only when there is somewhere to send to: HAProxy opens no UDP socket for
 * a configuration without {@code log} targets, and an open one listening on every interface is
 * needless exposure. Counted from {@code /proc}: this JVM's UDP sockets.
 */
class LogSocketIntegrationTest {
    @TempDir
    Path dir;

    private static final String CFG = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend web
                bind 127.0.0.1:%d
                %s
                default_backend app
            backend app
                server s1 127.0.0.1:%d
            """;

    @Test
    void aUdpSocketIsOpenedOnlyWhenALogTargetExists() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/net/udp")), "needs Linux /proc");
        int before = ownUdpSockets();
        try (TestGateway quiet = TestGateway.start(dir, CFG.formatted(FreePorts.next(), "", FreePorts.next()))) {
            assertThat(ownUdpSockets()).isEqualTo(before);
        }
        try (TestGateway logging = TestGateway.start(dir, CFG.formatted(FreePorts.next(),
                "log 127.0.0.1:" + FreePorts.next() + " local0", FreePorts.next()))) {
            assertThat(ownUdpSockets()).isEqualTo(before + 1);
        }
    }

    private static int ownUdpSockets() throws IOException {
        Set<String> udp = new HashSet<>();
        for (String table : List.of("/proc/self/net/udp", "/proc/self/net/udp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            Files.readAllLines(path).stream().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length > 9)
                    .forEach(f -> udp.add("socket:[" + f[9] + "]"));
        }
        int own = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (udp.contains(Files.readSymbolicLink(fd).toString())) {
                        own++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while listing
                }
            }
        }
        return own;
    }
}
