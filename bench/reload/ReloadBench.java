import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The helpers of bench/reload/run.sh, run with the JDK's source launcher (no build):
 *   java ReloadBench.java backends <httpPort1> <httpPort2> <echoPort>   HTTP nodes and a TCP echo server
 *   java ReloadBench.java tcp <port> <seconds> <sessions>                TCP byte check through lbgate
 * The TCP check keeps {@code sessions} long sessions streaming a known byte pattern through the
 * proxy for the whole run, checks every byte that comes back, and opens a short session every
 * 50 ms; it prints the bytes sent, received and any mismatch or error, and exits 1 on a loss.
 */
public class ReloadBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "backends" -> backends(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "tcp" -> tcp(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void backends(int p1, int p2, int echo) throws Exception {
        for (int port : new int[] {p1, p2}) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            byte[] body = ("served by " + port + "\n").getBytes(StandardCharsets.US_ASCII);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(128));
            server.start();
        }
        ServerSocket listener = new ServerSocket(echo, 1024, InetAddress.getLoopbackAddress());
        while (true) {
            Socket s = listener.accept();
            start(true, () -> {
                try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (Exception e) {
                    // the client left
                }
            });
        }
    }

    static Thread start(boolean daemon, Runnable body) {
        Thread t = new Thread(body);
        t.setDaemon(daemon);
        t.start();
        return t;
    }

    static final AtomicLong sent = new AtomicLong();
    static final AtomicLong received = new AtomicLong();
    static final AtomicLong failures = new AtomicLong();
    static final AtomicLong shortSessions = new AtomicLong();

    static void tcp(int port, int seconds, int sessions) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] threads = new Thread[sessions + 1];
        for (int i = 0; i < sessions; i++) {
            long seed = i;
            threads[i] = start(false, () -> stream(port, end, seed));
        }
        threads[sessions] = start(false, () -> {
            while (System.nanoTime() < end) {
                stream(port, System.nanoTime() + 20_000_000L, System.nanoTime());
                shortSessions.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("tcp: %d bytes sent, %d received back, %d short sessions, %d failures%n",
                sent.get(), received.get(), shortSessions.get(), failures.get());
        System.exit(failures.get() == 0 && sent.get() == received.get() ? 0 : 1);
    }

    /** One session: writes 4 KiB chunks of a seeded pattern until {@code end}, reading each back. */
    static void stream(int port, long end, long seed) {
        Random pattern = new Random(seed);
        byte[] out = new byte[4096];
        byte[] back = new byte[4096];
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            do {
                pattern.nextBytes(out);
                s.getOutputStream().write(out);
                sent.addAndGet(out.length);
                int n = in.readNBytes(back, 0, back.length);
                received.addAndGet(n);
                if (n != out.length || !Arrays.equals(out, back)) {
                    failures.incrementAndGet();
                    System.out.println("tcp: mismatch or short read (" + n + " bytes)");
                    return;
                }
                Thread.sleep(5);
            } while (System.nanoTime() < end);
        } catch (Exception e) {
            failures.incrementAndGet();
            System.out.println("tcp: " + e);
        }
    }
}
