package io.lbgate.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code peers} sections of haproxy.cfg and the {@code global} {@code localpeer} name. lbgate
 * uses the section that names this node to share the operator's admin state with the other nodes
 * it lists (docs/peers.md); HAProxy uses the same section for stick tables.
 *
 * @param localPeer {@code localpeer} as written in {@code global}; {@code null} when not set, which
 *                  means the host name (as HAProxy)
 * @param sections  every {@code peers} section, in declaration order, disabled ones included
 */
public record PeersConfig(String localPeer, List<Section> sections) {
    /** No {@code peers} section. */
    public static final PeersConfig NONE = new PeersConfig(null, List.of());

    public PeersConfig {
        sections = List.copyOf(sections);
    }

    /**
     * One {@code peers <name>} section.
     *
     * @param name     the section name
     * @param location where it was declared ({@code file:line}), {@code null} when unknown
     * @param disabled {@code disabled} was its last word on the matter ({@code enabled} undoes it)
     * @param peers    its {@code peer} (or {@code server}) lines, in order
     */
    public record Section(String name, String location, boolean disabled, List<Peer> peers) {
        public Section {
            Objects.requireNonNull(name, "name");
            peers = List.copyOf(peers);
        }

        public Optional<Peer> peer(String peerName) {
            return peers.stream().filter(p -> p.name().equals(peerName)).findFirst();
        }
    }

    /**
     * One node of a section.
     *
     * @param name     the peer's name (the node's {@code localpeer} name or host name)
     * @param host     the address to listen on (local node) or connect to (others); {@code null}
     *                 when the line gives none
     * @param port     1..65535, or 0 when the line gives none
     * @param location where it was written, {@code null} when unknown
     */
    public record Peer(String name, String host, int port, String location) {
        public Peer {
            Objects.requireNonNull(name, "name");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
        }

        /** Whether the line gave an address and a port. */
        public boolean hasAddress() {
            return host != null && port > 0;
        }

        /** {@code host:port} with IPv6 hosts in brackets, {@code -} without an address. */
        public String display() {
            if (!hasAddress()) {
                return "-";
            }
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * The first enabled section that names {@code node}, as HAProxy picks the local peer: the
     * section lists this node among its peers.
     */
    public Optional<Section> sectionFor(String node) {
        return sections.stream().filter(s -> !s.disabled() && s.peer(node).isPresent()).findFirst();
    }

    /**
     * This node's name among its peers, as HAProxy decides it: {@code -L} (given here as
     * {@code commandLine}, may be null), else {@code localpeer}, else the host name. The stats
     * page, the health details and the metrics name the node the same way.
     */
    public String nodeName(String commandLine) {
        if (commandLine != null && !commandLine.isEmpty()) {
            return commandLine;
        }
        return localPeer != null ? localPeer : hostName();
    }

    /**
     * The kernel's host name, which HAProxy ({@code gethostname()}) takes as the local peer's name
     * when {@code localpeer} is not set; Java's view of it where there is no {@code /proc}.
     */
    public static String hostName() {
        try {
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: ask Java below
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
