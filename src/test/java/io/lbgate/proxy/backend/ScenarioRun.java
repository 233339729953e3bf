package io.lbgate.proxy.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends a scenario's requests through a proxy and reads back what its log lines say. */
final class ScenarioRun {
    private static final Pattern HTTP_LINE = Pattern.compile(
            " fe be/(\\S+) \\S+ \\d+ \\d+ - - (\\S\\S)\\S\\S \\d+/\\d+/\\d+/\\d+/(\\+?\\d+) (\\d+/\\d+) ");
    private static final Pattern TCP_LINE = Pattern.compile(
            " fe be/(\\S+) \\S+ \\d+ (\\S\\S) \\d+/\\d+/\\d+/\\d+/(\\+?\\d+) (\\d+/\\d+)");
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nhost: scenario\r\nconnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private ScenarioRun() {
    }

    static BackendStreamScenariosIntegrationTest.Result run(String mode, Scenario s, int port,
            BackendStreamScenariosIntegrationTest.Syslog syslog) throws Exception {
        long start = System.nanoTime();
        if (s.parallel()) {
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < s.requests(); i++) {
                all.add(CompletableFuture.supplyAsync(() -> request(port)));
                // In order, as the observations were made: each request reaches the proxy before the next.
                waitForConnections(port, i);
            }
            all.forEach(CompletableFuture::join);
        } else {
            for (int i = 0; i < s.requests(); i++) {
                request(port);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Pattern pattern = mode.equals("http") ? HTTP_LINE : TCP_LINE;
        List<String> outcomes = new ArrayList<>();
        BlockingQueue<String> lines = syslog.lines();
        while (outcomes.size() < s.requests()) {
            String line = lines.poll(5, TimeUnit.SECONDS);
            if (line == null) {
                break;
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                outcomes.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
        }
        outcomes.sort(null);
        return new BackendStreamScenariosIntegrationTest.Result(List.of(), outcomes, millis);
    }

    /** A pause of 100 ms between parallel requests, so that they arrive in a known order. */
    private static void waitForConnections(int port, int index) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(100);
    }

    /** One request; the status line or what came back, "" when the connection gave nothing. */
    private static String request(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(REQUEST);
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.US_ASCII);
            int eol = text.indexOf("\r\n");
            return eol < 0 ? text : text.substring(0, eol);
        } catch (IOException e) {
            return "";
        }
    }
}
