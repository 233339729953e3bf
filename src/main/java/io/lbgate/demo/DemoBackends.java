package io.lbgate.demo;

import io.lbgate.config.BackendConfig;
import io.lbgate.config.LoadedConfig;
import io.lbgate.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts one {@link DemoNode} for every loopback server address of the bundled configuration, so
 * that {@code ./mvnw spring-boot:run} shows real proxying, health checks and traffic with nothing
 * else installed. Only the bundled run sets {@code lbgate.demo.enabled}; a haproxy.cfg start forces
 * it off, and a server address that is not loopback is never bound.
 */
@Component
@ConditionalOnProperty(prefix = "lbgate.demo", name = "enabled", havingValue = "true")
final class DemoBackends implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DemoBackends.class);

    private final LoadedConfig loaded;
    private final List<DemoNode> nodes = new ArrayList<>();
    private volatile boolean running;

    DemoBackends(LoadedConfig loaded) {
        this.loaded = loaded;
    }

    @Override
    public void start() {
        for (DemoNode node : nodesFor(loaded)) {
            node.start();
            nodes.add(node);
        }
        running = true;
        log.info("Demo backends started: {}", nodes.stream().map(DemoNode::describe).toList());
    }

    @Override
    public void stop() {
        nodes.forEach(DemoNode::stop);
        nodes.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the data plane and health checks, which need the nodes up. */
    @Override
    public int getPhase() {
        return -100;
    }

    static List<DemoNode> nodesFor(LoadedConfig loaded) {
        // Several backends may list the same node (HTTP and TCP frontends over one cluster);
        // one listener per address, named after its first appearance.
        Map<String, DemoNode> byAddress = new LinkedHashMap<>();
        for (BackendConfig backend : loaded.config().backends()) {
            for (ServerConfig server : backend.servers()) {
                if (isLoopback(server.host())) {
                    byAddress.putIfAbsent(server.host() + ":" + server.port(),
                            new DemoNode(server.name(), server.host(), server.port()));
                }
            }
        }
        return List.copyOf(byAddress.values());
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
