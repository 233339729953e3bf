package io.lbgate.proxy.backend;

import io.lbgate.support.FreePorts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The servers of a backend-stream scenario, on loopback: each speaks just enough HTTP for both
 * modes (a TCP client sends the same request bytes and reads until the server closes).
 */
final class ScenarioServers implements AutoCloseable {
    /** Answers of SLOW servers, a second after their request. */
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scenario-slow-answers");
        t.setDaemon(true);
        return t;
    });

    /** What a server does. */
    enum Kind {
        /** Answers 200 with its name at once, then closes. */
        OK,
        /** Answers like OK after one second. */
        SLOW,
        /** Nothing listens: connections are refused. */
        DEAD,
        /** Listens, but its accept queue is full: connection attempts time out. */
        HOLE,
        /** Accepts, reads a little and closes without answering. */
        CLOSE
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    ScenarioServers(List<Kind> kinds) throws IOException {
        int n = 1;
        for (Kind kind : kinds) {
            ports.add(start(kind, "node" + n++));
        }
    }

    int port(int index) {
        return ports.get(index);
    }

    private int start(Kind kind, String name) throws IOException {
        return switch (kind) {
            case DEAD -> FreePorts.next();
            case HOLE -> hole();
            case OK, SLOW, CLOSE -> serve(kind, name);
        };
    }

    private int serve(Kind kind, String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        resources.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread worker = new Thread(() -> answer(s, kind, name));
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scenario-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private static void answer(Socket s, Kind kind, String name) {
        try {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            if (kind == Kind.CLOSE) {
                in.read();
                s.setSoLinger(true, 0);
                s.close();
                return;
            }
            readHead(in);
        } catch (IOException e) {
            close(s); // the proxy went away: nothing to answer
            return;
        }
        if (kind == Kind.SLOW) {
            // The server's own latency, which the scenario is about: the answer is scheduled, no
            // thread waits for it.
            LATER.schedule(() -> reply(s, name), 1, TimeUnit.SECONDS);
        } else {
            reply(s, name);
        }
    }

    private static void reply(Socket s, String name) {
        try (s) {
            byte[] body = (name + "\n").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + body.length + "\r\nconnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the proxy went away: nothing to answer
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** A listener whose one-slot accept queue is filled: further SYNs are dropped by the kernel. */
    private int hole() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(server);
        for (int i = 0; i < 3; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
            } catch (IOException e) {
                // the queue is full: what we wanted
            }
            resources.add(filler);
        }
        return server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }
}
