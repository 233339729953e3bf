package io.lbgate.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP syslog listener on loopback queueing each datagram as text: what lbgate or HAProxy logged. */
public final class SyslogReceiver implements AutoCloseable {
    private final DatagramSocket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public SyslogReceiver() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    lines.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-syslog");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Every datagram received and not yet taken, oldest first. */
    public BlockingQueue<String> lines() {
        return lines;
    }

    /** The next datagram containing {@code text}, waiting up to 5 s; {@code null} if none. */
    public String next(String text) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
