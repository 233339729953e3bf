package io.lbgate.proxy.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A server that reads what a proxy forwards with the strictest HTTP/1.1 parser we can write, so that
 * any message a lenient server could frame differently shows up: a request line that is not
 * {@code METHOD SP target SP HTTP/1.x}, a header line that is not {@code token: value}, two
 * different {@code Host} values, a {@code Transfer-Encoding} other than {@code chunked}, both framing
 * headers, or a body that does not end where its framing says. Each request read is recorded as
 * {@code "METHOD target"}; anything ambiguous is recorded as {@code "AMBIGUOUS: why"} and the
 * connection is closed. Every request is answered {@code 200} with a two-byte body.
 */
final class StrictOrigin implements AutoCloseable {
    private static final Pattern REQUEST_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ [!-~]+ HTTP/1\\.[01]");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[ \\t]*[^\\x00-\\x08\\x0a-\\x1f\\x7f]*");
    private static final byte[] OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    /** What {@link #request} answers when the connection ended inside a message. */
    private static final String CUT = "cut";

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> received = new CopyOnWriteArrayList<>();

    StrictOrigin() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** What was received since the last call, in order. */
    synchronized List<String> drain() {
        List<String> copy = new ArrayList<>(received);
        received.removeAll(copy);
        return copy;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                threads.execute(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                String ambiguity = request(line, in);
                if (CUT.equals(ambiguity)) {
                    // The proxy closed mid-message (its client went away): a cut, not an ambiguity.
                    return;
                }
                if (ambiguity != null) {
                    received.add("AMBIGUOUS: " + ambiguity);
                    return;
                }
                out.write(OK);
                out.flush();
            }
        } catch (Ambiguous e) {
            received.add("AMBIGUOUS: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // The proxy closed or reset the connection: nothing more was forwarded.
        }
    }

    /** Reads one request after its request line; {@code null} when it was unambiguous. */
    private String request(String requestLine, InputStream in) throws IOException {
        if (!REQUEST_LINE.matcher(requestLine).matches()) {
            return "request line " + requestLine;
        }
        String host = null;
        String te = null;
        String cl = null;
        for (String line = line(in); ; line = line(in)) {
            if (line == null) {
                return CUT;
            }
            if (line.isEmpty()) {
                break;
            }
            if (!HEADER.matcher(line).matches()) {
                return "header line " + line;
            }
            String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
            String value = line.substring(line.indexOf(':') + 1).strip();
            switch (name) {
                case "host" -> {
                    if (host != null && !host.equalsIgnoreCase(value)) {
                        return "two Host values";
                    }
                    host = value;
                }
                case "transfer-encoding" -> {
                    if (te != null || !value.equalsIgnoreCase("chunked")) {
                        return "transfer-encoding " + value;
                    }
                    te = value;
                }
                case "content-length" -> {
                    if (cl != null || !value.matches("[0-9]{1,18}")) {
                        return "content-length " + value;
                    }
                    cl = value;
                }
                default -> {
                }
            }
        }
        if (te != null && cl != null) {
            return "both Content-Length and Transfer-Encoding";
        }
        String ambiguity = te != null ? chunkedBody(in) : skip(in, cl == null ? 0 : Long.parseLong(cl));
        if (ambiguity == null) {
            received.add(requestLine.substring(0, requestLine.lastIndexOf(' ')));
        }
        return ambiguity;
    }

    private static String chunkedBody(InputStream in) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                return CUT;
            }
            if (!size.matches("[0-9a-fA-F]{1,15}")) {
                return "chunk size " + size;
            }
            long n = Long.parseLong(size, 16);
            if (n == 0) {
                for (String trailer = line(in); ; trailer = line(in)) {
                    if (trailer == null) {
                        return CUT;
                    }
                    if (trailer.isEmpty()) {
                        return null;
                    }
                }
            }
            String cut = skip(in, n);
            if (cut != null) {
                return cut;
            }
            String end = line(in);
            if (end == null) {
                return CUT;
            }
            if (!end.isEmpty()) {
                return "chunk data longer than its size";
            }
        }
    }

    private static String skip(InputStream in, long n) throws IOException {
        return in.readNBytes((int) Math.min(n, 1 << 20)).length == n ? null : CUT;
    }

    /** One CRLF-terminated line; a bare CR or LF is ambiguous and ends the connection. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new Ambiguous("bare CR");
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                throw new Ambiguous("bare LF");
            }
            line.write(c);
        }
    }

    private static final class Ambiguous extends IOException {
        private static final long serialVersionUID = 1L;

        Ambiguous(String why) {
            super(why);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
