package io.lbgate.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * The real HAProxy 2.6 (Debian's package), the oracle, run in the foreground on a configuration
 * that has a {@code stats socket}, with its runtime API at hand to read {@code show stat}.
 */
public final class HaproxyProcess implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final Path socket;

    private HaproxyProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Starts HAProxy on the configuration {@code config} makes for a stats socket path, once its
     * runtime API answers.
     */
    public static HaproxyProcess start(Path dir, Function<Path, String> config) throws IOException {
        Path home = Files.createTempDirectory(dir, "haproxy");
        Path socket = home.resolve("admin.sock");
        Path cfg = Files.writeString(home.resolve("haproxy.cfg"), config.apply(socket));
        Process process = new ProcessBuilder(EXECUTABLE.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("haproxy.out").toFile()).start();
        HaproxyProcess haproxy = new HaproxyProcess(process, socket);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> haproxy.command("show info").contains("Pid:"));
        } catch (RuntimeException e) {
            haproxy.close();
            throw e;
        }
        return haproxy;
    }

    /** One runtime API command and its whole answer; "" while the socket is not there yet. */
    public String command(String command) throws IOException {
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

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
