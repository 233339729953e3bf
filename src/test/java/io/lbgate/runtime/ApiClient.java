package io.lbgate.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A runtime API client as {@code socat stdio UNIX-CONNECT:<path>} is one: it writes, then reads
 * until the server closes. Every read is bounded in time, so a server that never answers fails the
 * test instead of hanging it.
 */
final class ApiClient implements AutoCloseable {
    private final SocketChannel channel;

    private ApiClient(SocketChannel channel) {
        this.channel = channel;
    }

    static ApiClient connect(Path socket) {
        return connect(UnixDomainSocketAddress.of(socket));
    }

    static ApiClient connect(int tcpPort) {
        return connect(new InetSocketAddress("127.0.0.1", tcpPort));
    }

    private static ApiClient connect(SocketAddress address) {
        try {
            return new ApiClient(SocketChannel.open(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line, the whole answer until the server closes. */
    static String send(Path socket, String line) {
        try (ApiClient c = connect(socket)) {
            c.write(line + "\n");
            return c.readToEnd(Duration.ofSeconds(10));
        }
    }

    static String send(int tcpPort, String line) {
        try (ApiClient c = connect(tcpPort)) {
            c.write(line + "\n");
            return c.readToEnd(Duration.ofSeconds(10));
        }
    }

    void write(String text) {
        try {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything until the server closes; fails after {@code limit}. */
    String readToEnd(Duration limit) {
        return read(limit, null);
    }

    /** Everything until the answer ends with {@code suffix} (the {@code > } prompt). */
    String readUntil(String suffix, Duration limit) {
        return read(limit, suffix);
    }

    private String read(Duration limit, String suffix) {
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(8192);
            try {
                while (channel.read(b) >= 0) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                    if (suffix != null && out.toString(StandardCharsets.UTF_8).endsWith(suffix)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // reset by the server: what was read is the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        });
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new AssertionError("no complete answer within " + limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Whether the server closed within {@code limit} (a read returns end of stream). */
    boolean closedWithin(Duration limit) {
        try {
            return readToEnd(limit) != null;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
