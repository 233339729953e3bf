package io.lbgate.pair;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A data node of the pair's topology: a small HTTP server started in its own network namespace
 * ({@code ip netns exec}), answering every request with its name; {@code /slow} answers after
 * {@value #SLOW_MILLIS} ms and prints {@code slow request received} when it arrives. Run as
 * {@code DataNode <name> <port>}.
 */
public final class DataNode {
    static final int SLOW_MILLIS = 1500;
    private DataNode() {
    }

    public static void main(String[] args) throws IOException {
        String name = args[0];
        int port = Integer.parseInt(args[1]);
        byte[] body = ("Hello from " + name + "\n").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.createContext("/slow", exchange -> {
            System.out.println("slow request received");
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                Thread.sleep(SLOW_MILLIS);
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
