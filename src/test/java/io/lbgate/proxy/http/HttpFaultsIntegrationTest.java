package io.lbgate.proxy.http;

import io.lbgate.registry.Backend;
import io.lbgate.registry.Counters;
import io.lbgate.support.FreePorts;
import io.lbgate.support.SystemPackage;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on either side of an HTTP exchange, each checked for what the client gets, what the
 * server gets, the counters and the log, against what HAProxy 2.6.12 does with the same bytes
 * (run here too where it is installed).
 */
class HttpFaultsIntegrationTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern LOG = Pattern.compile(" fe (?:be|fe)/\\S+ \\S+ (\\d+) \\d+ - - (\\S\\S)--");

    @TempDir
    Path dir;

    /** What the server does, and what HAProxy gave for it (observed with this test's configuration). */
    enum Fault {
        /** The client connects and sends nothing until timeout http-request. */
        SILENT_CLIENT("408 cR", "fe ereq=1 4xx=1 5xx=0|s1 eresp=0 srv_abrt=0|BACKEND eresp=0 srv_abrt=0 5xx=0", false),
        /** A good chunk, then an invalid chunk size. */
        BAD_CHUNK_AFTER_DATA("200 SD", "fe ereq=0 4xx=0 5xx=0|s1 eresp=1 srv_abrt=0|BACKEND eresp=1 srv_abrt=0 5xx=0", true),
        /** An invalid chunk size in the first packet. */
        BAD_FIRST_CHUNK("502 PH", "fe ereq=0 4xx=0 5xx=1|s1 eresp=1 srv_abrt=0|BACKEND eresp=1 srv_abrt=0 5xx=1", false),
        /** The server never answers: timeout server. */
        SILENT_SERVER("504 sH", "fe ereq=0 4xx=0 5xx=1|s1 eresp=1 srv_abrt=0|BACKEND eresp=1 srv_abrt=0 5xx=1", false),
        /** The server resets the connection in the middle of the body. */
        KILLED_MID_BODY("200 SD", "fe ereq=0 4xx=0 5xx=0|s1 eresp=1 srv_abrt=1|BACKEND eresp=1 srv_abrt=1 5xx=0", true),
        /** The server answers before reading the request body. */
        EARLY_RESPONSE("200 --", "fe ereq=0 4xx=0 5xx=0|s1 eresp=0 srv_abrt=0|BACKEND eresp=0 srv_abrt=0 5xx=0", false);

        final String log;
        final String counters;
        final boolean cut;

        Fault(String log, String counters, boolean cut) {
            this.log = log;
            this.counters = counters;
            this.cut = cut;
        }
    }

    /** What one proxy did with a fault. */
    record Outcome(String statusLine, boolean cutWithoutFinalChunk, long bodyBytesServerGot, String log, String counters) {
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void faultsEndAsWithHaproxy(Fault fault) throws Exception {
        Outcome lbgate;
        try (FaultServer server = new FaultServer(fault); Syslog syslog = new Syslog()) {
            int port = FreePorts.next();
            try (TestGateway gateway = TestGateway.start(dir, config(port, server.port(), syslog.port(), null))) {
                lbgate = run(fault, port, server, syslog, () -> counters(gateway));
            }
            assertThat(lbgate.log()).isEqualTo(fault.log);
            assertThat(lbgate.counters()).isEqualTo(fault.counters);
            assertThat(lbgate.cutWithoutFinalChunk()).as("the client's stream is cut, no made-up end").isEqualTo(fault.cut);
            if (fault == Fault.EARLY_RESPONSE) {
                assertThat(lbgate.bodyBytesServerGot()).as("the rest of the body still reaches the server")
                        .isEqualTo(1000 + FaultServer.BODY);
            }
            if (Files.isExecutable(HAPROXY) || "true".equalsIgnoreCase(System.getenv("CI"))) {
                SystemPackage.require(HAPROXY.toString(), "haproxy");
                Outcome haproxy = runHaproxy(fault, server, syslog);
                assertThat(lbgate).as("lbgate against HAProxy 2.6.12").isEqualTo(haproxy);
            }
        }
    }

    private Outcome runHaproxy(Fault fault, FaultServer server, Syslog syslog) throws Exception {
        Path socket = Files.createTempDirectory(dir, "haproxy").resolve("admin.sock");
        int port = FreePorts.next();
        Path cfg = Files.writeString(socket.resolveSibling("haproxy.cfg"), config(port, server.port(), syslog.port(), socket));
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(socket.resolveSibling("haproxy.out").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> command(socket, "show info").contains("Pid:"));
            server.reset();
            syslog.lines.clear();
            return run(fault, port, server, syslog, () -> counters(command(socket, "show stat")));
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
        }
    }

    private static String config(int port, int serverPort, int syslogPort, Path statsSocket) {
        return "global\n    log 127.0.0.1:" + syslogPort + " local0\n"
                + (statsSocket == null ? "" : "    stats socket " + statsSocket + " level admin\n") + """
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 1s
                    timeout client 5s
                    timeout server 1s
                    timeout http-request 1s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(port, serverPort);
    }

    interface CounterSource {
        String read() throws Exception;
    }

    private static Outcome run(Fault fault, int port, FaultServer server, Syslog syslog, CounterSource counters)
            throws Exception {
        byte[] got;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(5000);
            OutputStream out = client.getOutputStream();
            if (fault == Fault.EARLY_RESPONSE) {
                out.write(("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: " + (1000 + FaultServer.BODY) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[1000]);
                out.flush();
                await().atMost(Duration.ofSeconds(5)).until(server::answered);
                out.write(new byte[(int) FaultServer.BODY]);
            } else if (fault != Fault.SILENT_CLIENT) {
                out.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            got = readUntilClosed(client.getInputStream());
        }
        String text = new String(got, StandardCharsets.ISO_8859_1);
        String statusLine = text.isEmpty() ? "" : text.substring(0, Math.max(0, text.indexOf("\r\n")));
        boolean cut = switch (fault) {
            case BAD_CHUNK_AFTER_DATA -> text.contains("hello") && !text.endsWith("0\r\n\r\n");
            case KILLED_MID_BODY -> text.length() - (text.indexOf("\r\n\r\n") + 4) < 100_000;
            default -> false;
        };
        if (fault == Fault.EARLY_RESPONSE) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.bodyBytes() >= 1000 + FaultServer.BODY);
        }
        String log = null;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); log == null && System.nanoTime() < end; ) {
            String line = syslog.lines.poll(100, TimeUnit.MILLISECONDS);
            Matcher m = line == null ? null : LOG.matcher(line);
            if (m != null && m.find()) {
                log = m.group(1) + " " + m.group(2);
            }
        }
        return new Outcome(statusLine, cut, server.bodyBytes(), log, counters.read());
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // a reset or no end: what arrived is the answer
        }
        return all.toByteArray();
    }

    private static String counters(TestGateway gateway) {
        Counters fe = gateway.registry().frontend("fe").orElseThrow().counters();
        Backend be = gateway.registry().backend("be").orElseThrow();
        Counters s1 = be.servers().get(0).counters();
        Counters b = be.counters();
        return "fe ereq=" + fe.requestErrors() + " 4xx=" + fe.responses(4) + " 5xx=" + fe.responses(5)
                + "|s1 eresp=" + s1.responseErrors() + " srv_abrt=" + s1.serverAborts()
                + "|BACKEND eresp=" + b.responseErrors() + " srv_abrt=" + b.serverAborts() + " 5xx=" + b.responses(5);
    }

    private static String counters(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> h = List.of(lines.get(0).substring(2).split(","));
        List<String> parts = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < h.size()) {
                continue;
            }
            String row = f[0] + "/" + f[1];
            switch (row) {
                case "fe/FRONTEND" -> parts.add(0, "fe ereq=" + f[h.indexOf("ereq")] + " 4xx=" + f[h.indexOf("hrsp_4xx")]
                        + " 5xx=" + f[h.indexOf("hrsp_5xx")]);
                case "be/s1" -> parts.add("s1 eresp=" + f[h.indexOf("eresp")] + " srv_abrt=" + f[h.indexOf("srv_abrt")]);
                case "be/BACKEND" -> parts.add("BACKEND eresp=" + f[h.indexOf("eresp")] + " srv_abrt="
                        + f[h.indexOf("srv_abrt")] + " 5xx=" + f[h.indexOf("hrsp_5xx")]);
                default -> { }
            }
        }
        return String.join("|", parts);
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

    /** A server that misbehaves as its fault says; counts the request body bytes it received. */
    static final class FaultServer implements AutoCloseable {
        static final long BODY = 99_000;
        static final int PARTIAL = 1000;
        private final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final Fault fault;
        private final AtomicLong bodyBytes = new AtomicLong();
        private volatile boolean answered;

        FaultServer(Fault fault) throws IOException {
            this.fault = fault;
            Thread t = new Thread(this::acceptLoop, "fault-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        boolean answered() {
            return answered;
        }

        long bodyBytes() {
            return bodyBytes.get();
        }

        void reset() {
            answered = false;
            bodyBytes.set(0);
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                readHead(in);
                switch (fault) {
                    case BAD_CHUNK_AFTER_DATA -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n"));
                        out.flush();
                        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
                        out.write(ascii("zz\r\nxx\r\n"));
                        out.flush();
                        readUntilClosed(in);
                    }
                    case BAD_FIRST_CHUNK -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nxx\r\n"));
                        out.flush();
                        readUntilClosed(in);
                    }
                    case SILENT_SERVER -> readUntilClosed(in);
                    case KILLED_MID_BODY -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n" + "x".repeat(PARTIAL)));
                        out.flush();
                        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
                        s.setSoLinger(true, 0); // the close sends a reset
                    }
                    case EARLY_RESPONSE -> {
                        out.write(ascii("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"));
                        out.flush();
                        answered = true;
                        byte[] buf = new byte[8192];
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            bodyBytes.addAndGet(n);
                        }
                    }
                    case SILENT_CLIENT -> { }
                }
            } catch (IOException e) {
                // the proxy went away
            }
        }

        private static byte[] readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toByteArray();
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The proxies' log datagrams. */
    static final class Syslog implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Syslog() throws IOException {
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
            }, "faults-syslog");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
