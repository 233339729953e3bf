package io.lbgate.pair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The client of the pair's topology, run in the client's network namespace: a new connection per
 * request to the VIP, at a fixed rate, each result one line {@code <epoch millis> OK|FAIL <detail>}
 * in the output file. Bounded in count and time; ends early when the stop file appears. Run as
 * {@code ClientLoop <host> <port> <requests per second> <max seconds> <output> <stop file>}.
 */
public final class ClientLoop {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;
    private static final int READ_TIMEOUT_MILLIS = 2000;

    private ClientLoop() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        long maxSeconds = Long.parseLong(args[3]);
        Path output = Path.of(args[4]);
        Path stop = Path.of(args[5]);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        long maxRequests = rate * maxSeconds;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
            long next = start;
            for (long i = 0; i < maxRequests && System.nanoTime() < end && !Files.exists(stop); i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // Fixed rate, but a slow request (a connect timeout) does not cause a burst after it.
                next = Math.max(next + interval, System.nanoTime());
                long at = System.currentTimeMillis();
                String result = request(host, port);
                out.println(at + " " + result);
                out.flush();
            }
        }
    }

    private static String request(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 200") && !response.startsWith("HTTP/1.0 200")) {
                int eol = response.indexOf('\r');
                return "FAIL status " + (eol > 0 ? response.substring(0, eol) : "'" + response + "'");
            }
            int body = response.indexOf("\r\n\r\n");
            return "OK " + response.substring(body + 4).strip().replace(' ', '_');
        } catch (IOException e) {
            return "FAIL " + e.getClass().getSimpleName() + ":_" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
    }
}
