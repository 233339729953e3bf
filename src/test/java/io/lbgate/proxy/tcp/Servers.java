package io.lbgate.proxy.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/** Small blocking servers on loopback for end-to-end tests: each connection on its own thread. */
final class Servers {
    private Servers() {
    }

    /** A TCP server that runs {@code session} for each connection, then closes it. */
    static ServerSocket start(Consumer<Socket> session) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            session.accept(s);
                        } catch (IOException e) {
                            // the test decides what a closed connection means
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    /** Echoes every byte; on the client's FIN, finishes echoing and half-closes back. */
    static void echo(Socket s) {
        try {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
            s.getInputStream().read(); // wait for the proxy to close
        } catch (IOException e) {
            // reset or closed: nothing to echo
        }
    }

    /** Reads to end of stream and queues what arrived as ISO-8859-1 text, then answers "ok\n". */
    static Consumer<Socket> capture(BlockingQueue<String> into) {
        return s -> {
            try {
                byte[] all = s.getInputStream().readAllBytes();
                into.add(new String(all, StandardCharsets.ISO_8859_1));
                s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
            } catch (IOException e) {
                into.add("error: " + e);
            }
        };
    }
}
