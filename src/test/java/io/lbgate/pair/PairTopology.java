package io.lbgate.pair;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's topology in network namespaces the test creates and deletes: a hub namespace
 * holding a bridge, and one namespace per node (two gateways, two data nodes, a client), each
 * joined to the bridge by a veth pair, all on 10.51.0.0/24 with the VIP 10.51.0.50. The root
 * namespace's interfaces are never touched; the names carry a random suffix so that two runs (or
 * two engineers' runs) on one machine cannot collide.
 */
final class PairTopology implements AutoCloseable {
    static final String IP = "/usr/sbin/ip";
    static final String VIP = "10.51.0.50";
    static final String GW1 = "10.51.0.11";
    static final String GW2 = "10.51.0.12";
    static final String DATA1 = "10.51.0.21";
    static final String DATA2 = "10.51.0.22";
    static final String CLIENT = "10.51.0.100";

    private final String prefix = "lbp" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    private final List<String> created = new ArrayList<>();

    /** Network namespaces need root: skipped without it, a failure under {@code CI=true}. */
    static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(root).as("network namespaces need root").isTrue();
        }
        Assumptions.assumeTrue(root, "network namespaces (ip netns add) need root");
    }

    String hub() {
        return prefix + "hub";
    }

    String namespace(String node) {
        return prefix + node;
    }

    /** Creates the hub with its bridge and one namespace per node. */
    void build() throws IOException, InterruptedException {
        addNamespace(hub());
        run(IP, "-n", hub(), "link", "set", "lo", "up");
        // Multicast snooping off: VRRP adverts go to 224.0.0.18 and must reach every port at once.
        run(IP, "-n", hub(), "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        run(IP, "-n", hub(), "link", "set", "br0", "up");
        node("gw1", GW1);
        node("gw2", GW2);
        node("data1", DATA1);
        node("data2", DATA2);
        node("client", CLIENT);
    }

    private void node(String node, String address) throws IOException, InterruptedException {
        String ns = namespace(node);
        addNamespace(ns);
        run(IP, "-n", ns, "link", "set", "lo", "up");
        run(IP, "-n", hub(), "link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
        run(IP, "-n", hub(), "link", "set", ns, "master", "br0", "up");
        run(IP, "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        run(IP, "-n", ns, "link", "set", "eth0", "up");
    }

    private void addNamespace(String ns) throws IOException, InterruptedException {
        run(IP, "netns", "add", ns);
        created.add(ns);
    }

    /** Whether the gateway node's eth0 holds the VIP now. */
    boolean holdsVip(String node) throws IOException, InterruptedException {
        return run(IP, "-n", namespace(node), "-4", "-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    /** A command in a node's namespace, waited for; its output, or an exception if it failed. */
    String exec(String node, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(IP, "netns", "exec", namespace(node)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** Deletes the namespaces (with their veths and the bridge); the processes in them must be gone. */
    @Override
    public void close() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                run(IP, "netns", "del", created.get(i));
            } catch (IOException | InterruptedException e) {
                System.err.println("[pair] could not delete namespace " + created.get(i) + ": " + e.getMessage());
            }
        }
        created.clear();
    }
}
