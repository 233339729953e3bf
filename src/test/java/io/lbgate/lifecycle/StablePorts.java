package io.lbgate.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports below the kernel's ephemeral range (32768–60999 on Linux), for a packaged jar
 * that binds them tens of seconds later: an ephemeral port that was free when chosen can meanwhile
 * become the source port of any outgoing connection on the machine, and the jar's bind then fails.
 */
final class StablePorts {
    private static final int FROM = 20_000;
    private static final int TO = 32_000;

    private StablePorts() {
    }

    static int next() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("no free port in " + FROM + ".." + TO);
    }
}
