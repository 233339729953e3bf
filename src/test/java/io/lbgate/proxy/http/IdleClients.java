package io.lbgate.proxy.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many kept-alive HTTP client connections from one thread: each opens, sends one request, reads its
 * response to the end and then stays open and silent. {@link #requestOnEach} sends one more request
 * on every connection. Everything is bounded: at most {@code inFlight} connections are being opened
 * at once, and each round has a deadline.
 */
final class IdleClients implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");

    private final InetSocketAddress target;
    private final byte[] request;
    private final List<SocketChannel> open = new ArrayList<>();
    private final Selector selector;

    IdleClients(InetSocketAddress target) throws IOException {
        this.target = target;
        this.request = ("GET / HTTP/1.1\r\nHost: " + target.getHostString() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.selector = Selector.open();
    }

    /** Opens {@code n} more connections, one request each; how many got a 200 and stayed open. */
    int open(int n, int inFlight, Duration deadline) throws IOException {
        List<SocketChannel> fresh = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        int started = 0;
        int ok = 0;
        int pending = 0;
        while ((started < n || pending > 0) && System.nanoTime() < end) {
            while (started < n && pending < inFlight) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(target);
                channel.register(selector, SelectionKey.OP_CONNECT, new Exchange(channel));
                started++;
                pending++;
            }
            int[] done = pump(200);
            ok += done[0];
            pending -= done[0] + done[1];
        }
        for (SelectionKey key : selector.keys()) {
            Exchange ex = (Exchange) key.attachment();
            if (ex.complete) {
                fresh.add(ex.channel);
            }
        }
        for (SocketChannel channel : fresh) {
            channel.keyFor(selector).cancel();
        }
        selector.selectNow(); // forget the cancelled keys; the channels stay open
        open.addAll(fresh);
        return ok;
    }

    /** Sends one more request on every open connection; how many got a 200 response in time. */
    int requestOnEach(int inFlight, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        int next = 0;
        int ok = 0;
        int pending = 0;
        while ((next < open.size() || pending > 0) && System.nanoTime() < end) {
            while (next < open.size() && pending < inFlight) {
                SocketChannel channel = open.get(next++);
                Exchange ex = new Exchange(channel);
                ex.send(request);
                channel.register(selector, SelectionKey.OP_READ, ex);
                pending++;
            }
            int[] done = pump(200);
            ok += done[0];
            pending -= done[0] + done[1];
        }
        for (SelectionKey key : selector.keys()) {
            key.cancel();
        }
        selector.selectNow();
        return ok;
    }

    int size() {
        return open.size();
    }

    /** One select round; {succeeded, failed}. A connection that completed stays registered, idle. */
    private int[] pump(long timeoutMillis) throws IOException {
        int succeeded = 0;
        int failed = 0;
        selector.select(timeoutMillis);
        for (SelectionKey key : selector.selectedKeys()) {
            Exchange ex = (Exchange) key.attachment();
            try {
                if (key.isConnectable() && ex.channel.finishConnect()) {
                    ex.send(request);
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable() && ex.read()) {
                    key.interestOps(0);
                    succeeded++;
                }
            } catch (IOException e) {
                key.cancel();
                ex.channel.close();
                failed++;
            }
        }
        selector.selectedKeys().clear();
        return new int[] {succeeded, failed};
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : open) {
            channel.close();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** One request and its response on one connection. */
    private static final class Exchange {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(1024);
        boolean complete;

        Exchange(SocketChannel channel) {
            this.channel = channel;
        }

        void send(byte[] request) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    throw new IOException("a " + request.length + "-byte request did not fit the socket buffer");
                }
            }
        }

        /** Reads what arrived; {@code true} once a whole 200 response is in. */
        boolean read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("closed by the proxy");
            }
            String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int head = text.indexOf("\r\n\r\n");
            if (head < 0) {
                return false;
            }
            Matcher length = CONTENT_LENGTH.matcher(text.substring(0, head + 2));
            if (!length.find() || !text.startsWith("HTTP/1.1 200 ")) {
                throw new IOException("unexpected response: " + text.lines().findFirst().orElse(""));
            }
            complete = text.length() - head - 4 >= Integer.parseInt(length.group(1));
            return complete;
        }
    }
}
