package io.lbgate.proxy.http;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LastSegment}: the last response on a connection, when its length is known, reaches the
 * client whole and with its end, even though the server sends its head and its body
 * {@value #PAUSE_MILLIS} ms apart; a chunked response, or one on a connection that stays open, is
 * passed on as it comes (its head first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LastSegmentIntegrationTest {
    private static final int PAUSE_MILLIS = 60;

    private ServerSocket server;
    private TestGateway gateway;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "origin");
        accepting.setDaemon(true);
        accepting.start();
        port = FreePorts.next();
        gateway = TestGateway.start(dir, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(port, server.getLocalPort()));
    }

    @AfterAll
    void stop() throws IOException {
        gateway.close();
        server.close();
    }

    @Test
    void aClosingResponseOfKnownLengthArrivesWholeWithItsEnd() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            send(client, "/length", "close");
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            String first = new String(buffer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
            assertThat(first).as("the first read").startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhello");
            client.setSoTimeout(50); // the end is there already, not 5 s later
            assertThat(in.read()).as("then the end").isEqualTo(-1);
        }
    }

    @Test
    void aChunkedClosingResponseStreamsItsHeadFirst() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            send(client, "/chunked", "close");
            assertThat(firstRead(client)).as("the first read").startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
        }
    }

    @Test
    void aResponseOnAConnectionThatStaysOpenStreamsItsHeadFirst() throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            send(client, "/length", "keep-alive");
            assertThat(firstRead(client)).as("the first read").startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
        }
    }

    private static void send(Socket client, String path, String connection) throws IOException {
        client.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: " + connection + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static String firstRead(Socket client) throws IOException {
        byte[] buffer = new byte[4096];
        int n = client.getInputStream().read(buffer);
        return new String(buffer, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread serving = new Thread(() -> serve(connection), "origin-connection");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return; // closed at the end of the tests
            }
        }
    }

    /**
     * Each request on the connection: head, a pause, then the body: "hello" with a length, or as
     * one chunk and the last one.
     */
    private static void serve(Socket connection) {
        try (Socket s = connection) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                boolean chunked = head.toString().startsWith("GET /chunked");
                out.write((chunked ? "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
                out.write((chunked ? "5\r\nhello\r\n0\r\n\r\n" : "hello").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // lbgate closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
