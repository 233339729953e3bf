package io.lbgate.config.haproxy;

import io.lbgate.config.PeersConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads {@code peers <name>} sections as HAProxy 2.6 does: {@code peer <name> <addr>:<port>}
 * lines, or the newer form of a {@code bind} line for this node plus {@code server <name>
 * [<addr>:<port>]} lines; {@code disabled}/{@code enabled}; {@code table}, {@code log},
 * {@code default-server} and {@code default-bind} are accepted and ignored with a warning (lbgate
 * has no stick tables). Errors use HAProxy's words where it has them (observed on 2.6.12; the cases
 * are listed in docs/peers.md).
 */
final class PeersSectionParser {
    static final String KEYWORD = "peers";

    /** The README keyword table's rows for this section: keyword, support, what lbgate does. */
    static final List<String[]> ROWS = List.of(
            new String[] {"peer", "supported", "`peer <name> <addr>:<port>`: a node of the pair. The one named like"
                    + " this node (`localpeer`, `-L`, else the host name) is where lbgate listens for its peers; it"
                    + " connects to the others and shares the operator's admin state with them (docs/peers.md)."
                    + " Parameters after the address (`ssl`, `crt` ...) are ignored with a warning."},
            new String[] {"bind", "supported", "`bind <addr>:<port>`: this node's peer address, with `server` lines"
                    + " (HAProxy's other form; mixing it with `peer` lines is an error, as in HAProxy)."},
            new String[] {"server", "supported", "`server <name> [<addr>:<port>]`: a node, as `peer`."},
            new String[] {"disabled", "supported", "The section shares nothing; `enabled` undoes it."},
            new String[] {"enabled", "supported", "Undoes `disabled`."},
            new String[] {"table", "accepted with a warning, ignored", "lbgate has no stick tables."},
            new String[] {"log", "accepted with a warning, ignored", "Peer events go to lbgate's own log."},
            new String[] {"default-server", "accepted with a warning, ignored", "No server parameter applies to a peer."},
            new String[] {"default-bind", "accepted with a warning, ignored", "No bind parameter applies to a peer."});

    /** A section while it is read. */
    private static final class Draft {
        final String name;
        final Line declared;
        boolean disabled;
        Line firstPeerLine;
        Line bindLine;
        String bindHost;
        int bindPort;
        final Map<String, PeersConfig.Peer> peers = new LinkedHashMap<>();
        final Map<String, Line> peerLines = new LinkedHashMap<>();

        Draft(String name, Line declared) {
            this.name = name;
            this.declared = declared;
        }
    }

    private final Problems problems;
    private final Supplier<String> hostName;
    /** {@code localpeer} as read so far, for HAProxy's message names. */
    private final Supplier<String> localPeer;
    private final List<Draft> sections = new ArrayList<>();
    private Draft current;

    /**
     * @param localPeer {@code localpeer} as read so far ({@code null} when not set)
     * @param hostName  this node's name when {@code localpeer} is not set
     */
    PeersSectionParser(Problems problems, Supplier<String> localPeer, Supplier<String> hostName) {
        this.problems = problems;
        this.localPeer = localPeer;
        this.hostName = hostName;
    }

    /**
     * How HAProxy names the section in server messages: after its local peer once that line was
     * read, else {@code (null)} (observed on 2.6.12: {@code 'server (null)/lb2' : invalid port}).
     */
    private String proxyName() {
        String node = localPeer.get() != null ? localPeer.get() : hostName.get();
        return current.peers.containsKey(node) ? node : "(null)";
    }

    /** Whether a {@code peers} section was opened so far ({@code localpeer} after one is ignored). */
    boolean seen() {
        return !sections.isEmpty();
    }

    void open(Line line) {
        String name = line.word(1);
        if (name == null) {
            problems.alert(line, "missing name for peers section."); // HAProxy 2.6.12, observed
            name = "";
        }
        for (char c : name.toCharArray()) {
            if (!SectionParser.isNameChar(c)) {
                problems.alert(line, "character '" + c + "' is not permitted in 'peers' name '" + name + "'.");
                break;
            }
        }
        for (Draft other : sections) {
            if (other.name.equals(name)) {
                // HAProxy 2.6.12, observed.
                problems.alert(line, "peers section '" + name + "' has the same name as another peers section"
                        + " declared at " + other.declared.location() + ".");
            }
        }
        current = new Draft(name, line);
        sections.add(current);
    }

    void line(Line line) {
        String keyword = line.words().get(0);
        switch (keyword) {
            case "peer" -> peer(line, false);
            case "server" -> peer(line, true);
            case "bind" -> bind(line);
            case "disabled" -> current.disabled = true;
            case "enabled" -> current.disabled = false;
            case "table", "log", "default-server", "default-bind" -> problems.warning(line, "'" + keyword
                    + "' in 'peers' section is ignored: lbgate shares admin state with its peers, not stick tables"
                    + " or their logs.");
            default -> problems.alert(line, "unknown keyword '" + keyword + "' in 'peers' section"); // 2.6.12
        }
    }

    private void peer(Line line, boolean serverForm) {
        String keyword = line.words().get(0);
        if (!serverForm && current.bindLine != null) {
            problems.alert(line, "mixing \"peer\" and \"bind\" line is forbidden"); // HAProxy 2.6.12, observed
            return;
        }
        String name = line.word(1);
        if (name == null) {
            problems.alert(line, "'" + keyword + "' expects <name> and <addr>[:<port>] as arguments.");
            return;
        }
        for (char c : name.toCharArray()) {
            if (!SectionParser.isNameChar(c)) {
                // HAProxy 2.6.12, observed: "character '/' is not permitted in peer name 'lb/2'."
                problems.alert(line, "character '" + c + "' is not permitted in peer name '" + name + "'.");
                return;
            }
        }
        Line before = current.peerLines.get(name);
        if (before != null) {
            // HAProxy 2.6.12 refuses only a second local peer; a node named twice is ambiguous for lbgate too.
            problems.alert(line, "'" + keyword + " " + name + "' : a peer with the same name is already declared at "
                    + before.location() + ".");
            return;
        }
        if (current.firstPeerLine == null) {
            current.firstPeerLine = line;
        }
        String host = null;
        int port = 0;
        String address = line.word(2);
        if (address != null) {
            CfgAddresses.HostPort hp = CfgAddresses.split(CfgAddresses.stripFamily(address));
            if (hp.port() != null && CfgAddresses.port(hp.port()) < 0) {
                // HAProxy 2.6.12, observed: "'server lb1/lb2' : invalid port '99999'" (lb1: the local peer).
                problems.alert(line, "'server " + proxyName() + "/" + name + "' : invalid port '" + hp.port() + "'");
                return;
            }
            if (!resolvable(hp.host())) {
                // HAProxy 2.6.12, observed: "'server lb1/lb2' : invalid address: 'x.invalid' in 'x.invalid:10002'".
                problems.alert(line, "'server " + proxyName() + "/" + name + "' : invalid address: '" + hp.host()
                        + "' in '" + address + "'");
                return;
            }
            host = hp.host();
            port = hp.port() == null ? 0 : CfgAddresses.port(hp.port());
            if (port == 0) {
                problems.warning(line, "'" + keyword + " " + name + "' : no port in '" + address + "': lbgate neither"
                        + " listens nor connects there.");
            }
            if (line.words().size() > 3) {
                problems.warning(line, "'" + keyword + " " + name + "' : lbgate ignores '"
                        + String.join(" ", line.words().subList(3, line.words().size()))
                        + "' (its peer link is authenticated with a shared secret, see docs/peers.md).");
            }
        }
        current.peers.put(name, new PeersConfig.Peer(name, host, port, line.location()));
        current.peerLines.put(name, line);
    }

    private void bind(Line line) {
        if (current.firstPeerLine != null && line.words().get(0).equals("bind")
                && current.peerLines.values().stream().anyMatch(l -> l.words().get(0).equals("peer"))) {
            problems.alert(line, "mixing \"peer\" and \"bind\" line is forbidden"); // HAProxy 2.6.12, observed
            return;
        }
        String address = line.word(1);
        CfgAddresses.HostPort hp = address == null ? null : CfgAddresses.split(CfgAddresses.stripFamily(address));
        if (hp == null || CfgAddresses.port(hp.port()) < 0) {
            problems.alert(line, "'bind' in 'peers' section expects <addr>:<port> as argument (got '"
                    + (address == null ? "" : address) + "').");
            return;
        }
        current.bindLine = line;
        current.bindHost = hp.host().isEmpty() || hp.host().equals("*") ? "0.0.0.0" : hp.host();
        current.bindPort = CfgAddresses.port(hp.port());
    }

    /**
     * The model, with HAProxy's warning for each section that does not name this node (HAProxy
     * then drops the section; lbgate keeps it in the model, since {@code -L} may name the node
     * differently at start, and shares nothing through it).
     */
    PeersConfig build(String localPeer) {
        String node = localPeer != null ? localPeer : hostName.get();
        List<PeersConfig.Section> built = new ArrayList<>();
        for (Draft d : sections) {
            List<PeersConfig.Peer> peers = new ArrayList<>();
            for (PeersConfig.Peer p : d.peers.values()) {
                boolean bindsHere = d.bindLine != null && !p.hasAddress();
                // In the bind form, the address-less server line is this node, listening on the bind address.
                peers.add(bindsHere ? new PeersConfig.Peer(p.name(), d.bindHost, d.bindPort, p.location()) : p);
            }
            if (!d.disabled && !d.peers.containsKey(node)) {
                // HAProxy 2.6.12, observed (no file:line).
                problems.warning((String) null, "Removing incomplete section 'peers " + d.name + "' (no peer named '"
                        + node + "').");
            }
            built.add(new PeersConfig.Section(d.name, d.declared.location(), d.disabled, peers));
        }
        return new PeersConfig(localPeer, built);
    }

    private static boolean resolvable(String host) {
        if (host.isEmpty() || host.equals("*")) {
            return true;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
