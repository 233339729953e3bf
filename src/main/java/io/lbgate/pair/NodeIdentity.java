package io.lbgate.pair;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This node's name as the pair shows it: the host name, as HAProxy names its local peer when
 * {@code localpeer} is not set. Read once, at start.
 */
public final class NodeIdentity {
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private final String name;

    public NodeIdentity(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a node name)");
        }
        this.name = name;
    }

    /** The host name: the kernel's (what {@code gethostname} returns, no DNS look-up), else Java's. */
    public static NodeIdentity ofHost() {
        try {
            if (Files.isReadable(KERNEL_HOSTNAME)) {
                String host = Files.readString(KERNEL_HOSTNAME).strip();
                if (!host.isEmpty()) {
                    return new NodeIdentity(host);
                }
            }
            return new NodeIdentity(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return new NodeIdentity("localhost");
        }
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
