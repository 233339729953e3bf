package io.lbgate.balance;

import io.lbgate.registry.Balancer;
import io.lbgate.registry.PickContext;

import io.lbgate.config.Algorithm;
import io.lbgate.registry.Server;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code balance roundrobin}: HAProxy's dynamic weighted round robin ({@code lb_fwrr}), reproducing
 * its orders exactly. Servers of equal weight go in declaration order; heavier ones come first and
 * are interleaved by position:
 * <ul>
 *   <li>weights 1,1,1 → 1 2 3</li>
 *   <li>weights 1,2,3 → 3 2 3 1 3 2</li>
 *   <li>weights 3,2,1 → 1 2 1 3 1 2</li>
 *   <li>weights 5,1,1 → 1 1 1 2 1 1 3</li>
 *   <li>weights 4,3,2 → 1 2 1 3 2 1 1 2 3</li>
 * </ul>
 *
 * <p>How it works: each server has a next position {@code npos} on a line whose length is the total
 * weight; every pick takes the server with the lowest position not beyond the current one and moves
 * it forward by {@code total / weight} (the remainder carried in {@code rweight}). Servers that do not
 * fit the current window wait in the "next" tree; servers never placed yet wait in the "init" tree,
 * heaviest first, and are placed when the current tree has a hole. A weight change repositions the
 * server without resetting the others, so it takes effect at once and mid-cycle.
 *
 * <p>Weights are scaled by 16 ({@code BE_WEIGHT_SCALE}) as in HAProxy because the tie-breaking in a
 * tree key depends on the scaled value; without it some orders would differ.
 *
 * <p>One monitor guards the trees: a pick mutates positions of several servers and must see them
 * consistently. HAProxy takes its {@code lbprm} lock for the same reason; the critical section is a
 * few tree operations.
 */
final class RoundRobin implements Balancer {
    private static final int SCALE = 16;
    private static final int UWEIGHT_RANGE = 256;
    private static final int EWEIGHT_MAX = UWEIGHT_RANGE * SCALE;

    /** eb32 trees keep duplicates in insertion order; {@code seq} does the same here. */
    private static final Comparator<Node> ORDER =
            Comparator.<Node>comparingLong(n -> n.key).thenComparingLong(n -> n.seq);

    private final boolean allBackups;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Server, Node> byServer = new IdentityHashMap<>();
    private final Group active = new Group();
    private final Group backup = new Group();
    private long insertions;

    RoundRobin(List<Server> servers, boolean allBackups) {
        this.allBackups = allBackups;
        for (Server s : servers) {
            Node n = new Node(s);
            n.usable = n.nextUsable = s.usable();
            n.eweight = n.nextEweight = s.weight() * SCALE;
            nodes.add(n);
            byServer.put(s, n);
            if (n.usable) {
                Group g = group(n);
                g.nextWeight += n.eweight;
                g.count++;
            }
        }
        for (Group g : List.of(active, backup)) {
            g.currPos = g.currWeight = g.nextWeight;
        }
        for (Node n : nodes) {
            if (n.usable) {
                queueByWeight(group(n).init, n);
            }
        }
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.ROUNDROBIN;
    }

    @Override
    public boolean dynamicWeights() {
        return true;
    }

    @Override
    public synchronized Server pick(PickContext context) {
        Server avoid = context.avoid();
        Group g;
        if (active.count > 0) {
            g = active;
        } else if (!allBackups) {
            Node first = firstUsableBackup();
            return first == null ? null : first.server;
        } else if (backup.count > 0) {
            g = backup;
        } else {
            return null;
        }
        boolean switched = false;
        Node avoided = null;
        List<Node> skipped = null; // saturated or avoided servers, put back afterwards
        Node chosen;
        pick:
        while (true) {
            // An empty group may have regained weight since: collect it first.
            if (g.currWeight == 0) {
                g.currPos = g.currWeight = g.nextWeight;
            }
            while (true) {
                chosen = fromGroup(g);
                if (chosen != null) {
                    break;
                }
                if (switched) {
                    if (avoided != null) {
                        chosen = avoided;
                        break pick;
                    }
                    requeue(g, skipped, null, true);
                    return null;
                }
                switched = true;
                switchTrees(g);
            }
            updatePosition(g, chosen);
            dequeue(chosen);
            g.currPos++;
            if (chosen.server.hasFreeSlot()) {
                if (chosen.server != avoid || avoided != null) {
                    break;
                }
                avoided = chosen;
            }
            if (skipped == null) {
                skipped = new ArrayList<>();
            }
            skipped.add(chosen);
        }
        queue(g, chosen);
        requeue(g, skipped, chosen, switched);
        return chosen.server;
    }

    @Override
    public void serverChanged(Server server) {
        update(server);
    }

    /**
     * Brings the trees in line with the server's current usability and weight. All three callbacks
     * land here: comparing with what the trees last saw (as HAProxy's {@code srv_lb_status_changed})
     * makes a late or repeated callback harmless.
     */
    private synchronized void update(Server server) {
        Node n = byServer.get(server);
        if (n == null) {
            throw new IllegalArgumentException("server: " + server + " (expected: one of this backend's)");
        }
        n.nextUsable = server.usable();
        n.nextEweight = server.weight() * SCALE;
        if (n.nextUsable == n.usable && n.nextEweight == n.eweight) {
            return;
        }
        if (!n.usable && n.nextUsable) {
            setUp(n);
        } else if (n.usable && !n.nextUsable) {
            setDown(n);
        } else if (n.usable) {
            reweight(n);
        }
        n.usable = n.nextUsable;
        n.eweight = n.nextEweight;
    }

    private void setUp(Node n) {
        Group g = group(n);
        g.nextWeight += n.nextEweight;
        g.count++;
        prepare(g, n);
        n.npos = g.currPos + (g.nextWeight + g.currWeight - g.currPos) / n.nextEweight;
        queue(g, n);
    }

    private void setDown(Node n) {
        Group g = group(n);
        g.nextWeight -= n.eweight;
        g.count--;
        dequeue(n);
        n.tree = null;
    }

    /** A usable server's weight changed: find its new place without disturbing the others. */
    private void reweight(Node n) {
        Group g = group(n);
        g.nextWeight += n.nextEweight - n.eweight;
        if (n.tree == g.init) {
            dequeue(n);
            queueByWeight(g.init, n);
            return;
        }
        prepare(g, n);
        int previousNext = n.npos;
        int step = g.nextWeight / n.nextEweight;
        n.npos = n.lpos + step;
        n.rweight = 0;
        // Never later than it was already due, never so early that it is picked twice in a row.
        if (n.npos > previousNext) {
            n.npos = previousNext;
        }
        if (n.npos < g.currPos + 2) {
            n.npos = g.currPos + step;
        }
        dequeue(n);
        queue(g, n);
    }

    /** The next candidate of the group, or a never-placed server when the current tree has a hole. */
    private static Node fromGroup(Group g) {
        Node current = g.curr.isEmpty() ? null : g.curr.first();
        if (current != null && current.eweight != 0 && current.npos <= g.currPos) {
            return current;
        }
        Node fresh = g.init.isEmpty() ? null : g.init.first();
        if (fresh != null && fresh.eweight != 0) {
            fresh.npos = 0;
            fresh.rweight = 0;
            return fresh;
        }
        return current;
    }

    /** Moves a just-picked server forward by total/weight, carrying the remainder. */
    private static void updatePosition(Group g, Node n) {
        int w = n.eweight;
        if (w == 0) {
            return;
        }
        if (n.npos == 0) {
            n.npos = g.currPos; // first time ever placed
        }
        n.lpos = n.npos;
        n.npos += g.nextWeight / w;
        n.rweight += g.nextWeight % w;
        if (n.rweight >= w) {
            n.rweight -= w;
            n.npos++;
        }
    }

    /** Puts a server in the current tree by position, or in the next one if beyond the window. */
    private void queue(Group g, Node n) {
        if (!n.nextUsable) {
            n.tree = null;
            return;
        }
        if (n.nextEweight <= 0 || n.npos >= 2 * g.currWeight || n.npos >= g.currWeight + g.nextWeight) {
            n.npos -= g.currWeight;
            queueByWeight(g.next, n);
            return;
        }
        // Position first; at equal positions the heavier server (then the one with more carried
        // remainder) first.
        n.key = (long) UWEIGHT_RANGE * n.npos + (EWEIGHT_MAX + n.rweight - n.nextEweight) / SCALE;
        insert(g.curr, n);
    }

    /** Heaviest first, declaration order among equals. */
    private void queueByWeight(Tree tree, Node n) {
        n.key = EWEIGHT_MAX - n.nextEweight;
        insert(tree, n);
    }

    private void insert(Tree tree, Node n) {
        n.seq = insertions++;
        tree.add(n);
        n.tree = tree;
    }

    /** Removes from its tree but remembers which one it was, for {@link #prepare}. */
    private static void dequeue(Node n) {
        if (n.tree != null) {
            n.tree.remove(n);
        }
    }

    /** Translates a server's position to the current window before it is moved. */
    private static void prepare(Group g, Node n) {
        if (n.tree == g.init) {
            n.npos = 0;
            n.rweight = 0;
        } else if (n.tree == g.next) {
            n.npos += g.currWeight;
        } else if (n.tree == null) {
            n.npos = g.currPos;
        }
    }

    private static void switchTrees(Group g) {
        Tree swap = g.init;
        g.init = g.next;
        g.next = swap;
        g.currWeight = g.nextWeight;
        g.currPos = g.currWeight;
    }

    /**
     * Puts back the servers a pick skipped, except the chosen one. After a tree switch their places
     * are lost and only their weight counts; otherwise they regain the place a pick would give them.
     * Most recently skipped first, as HAProxy's list.
     */
    private void requeue(Group g, List<Node> skipped, Node chosen, boolean switched) {
        if (skipped == null) {
            return;
        }
        for (int i = skipped.size() - 1; i >= 0; i--) {
            Node n = skipped.get(i);
            if (n == chosen) {
                continue;
            }
            if (switched) {
                queueByWeight(g.init, n);
            } else {
                queue(g, n);
            }
        }
    }

    private Group group(Node n) {
        return n.server.isBackup() ? backup : active;
    }

    private Node firstUsableBackup() {
        for (Node n : nodes) {
            if (n.server.isBackup() && n.usable) {
                return n;
            }
        }
        return null;
    }

    /**
     * The servers of one tree, ordered by {@code (key, seq)}: a sorted array rather than a
     * {@code TreeSet}, because every pick removes and re-inserts a server and a tree node per insert
     * was a per-request allocation. A backend has few servers, so shifting the array costs less than
     * walking a tree.
     */
    private static final class Tree {
        private Node[] nodes = new Node[4];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        Node first() {
            return nodes[0];
        }

        void add(Node n) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
            }
            int at = size;
            while (at > 0 && ORDER.compare(nodes[at - 1], n) > 0) {
                at--;
            }
            System.arraycopy(nodes, at, nodes, at + 1, size - at);
            nodes[at] = n;
            size++;
        }

        void remove(Node n) {
            for (int i = 0; i < size; i++) {
                if (nodes[i] == n) {
                    System.arraycopy(nodes, i + 1, nodes, i, size - i - 1);
                    nodes[--size] = null;
                    return;
                }
            }
        }
    }

    /** Active or backup servers: HAProxy's {@code fwrr_group}. */
    private static final class Group {
        final Tree curr = new Tree();
        Tree init = new Tree();
        Tree next = new Tree();
        int currPos;
        int currWeight;
        int nextWeight;
        int count;
    }

    /** A server's place in the trees. {@code usable}/{@code eweight} are what the trees reflect. */
    private static final class Node {
        final Server server;
        boolean usable;
        int eweight;
        boolean nextUsable;
        int nextEweight;
        Tree tree;
        long key;
        long seq;
        int npos;
        int lpos;
        int rweight;

        Node(Server server) {
            this.server = server;
        }
    }
}
