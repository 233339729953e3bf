package io.lbgate.balance;

import io.lbgate.registry.PickContext;

import io.lbgate.registry.Backend;
import io.lbgate.registry.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Pick sequences written as server ids, the way docs/haproxy-behaviour.md writes them ("3 2 3 1 3 2"). */
final class Picks {
    private Picks() {
    }

    static String sequence(Backend backend, int picks) {
        return sequence(backend, picks, PickContext.none());
    }

    /** The balancer's choices alone: no session starts. */
    static String sequence(Backend backend, int picks, PickContext context) {
        StringJoiner out = new StringJoiner(" ");
        for (int i = 0; i < picks; i++) {
            Server s = backend.balancer().pick(context);
            out.add(s == null ? "-" : label(s));
        }
        return out.toString();
    }

    /** Picks, which starts a session on each, as the proxy does; sessions stay open. */
    static String holding(Backend backend, int picks) {
        StringJoiner out = new StringJoiner(" ");
        for (int i = 0; i < picks; i++) {
            Server s = backend.pick(PickContext.none());
            out.add(s == null ? "-" : label(s));
        }
        return out.toString();
    }

    /** Picks and ends each session before the next pick. */
    static String oneAtATime(Backend backend, int picks) {
        StringJoiner out = new StringJoiner(" ");
        for (int i = 0; i < picks; i++) {
            Server s = backend.pick(PickContext.none());
            if (s != null) {
                s.sessionEnded();
            }
            out.add(s == null ? "-" : label(s));
        }
        return out.toString();
    }

    static int[] counts(Backend backend, int picks) {
        int[] counts = new int[backend.servers().size()];
        for (int i = 0; i < picks; i++) {
            counts[backend.balancer().pick(PickContext.none()).id() - 1]++;
        }
        return counts;
    }

    static String repeat(String cycle, int times) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            parts.add(cycle);
        }
        return String.join(" ", parts);
    }

    /** A server's label: its id for s1..sn, its name otherwise (b1, b2 for backups). */
    private static String label(Server s) {
        return s.name().startsWith("s") ? String.valueOf(s.id()) : s.name();
    }
}
