package io.lbgate.admin;

import java.util.Objects;

/**
 * What one admin action did to one server. The stats form counts these into its {@code ;st=} code
 * and the runtime API turns them into its answer; the audit log keeps {@link #text()}.
 *
 * @param kind   what happened
 * @param detail why, for {@link Kind#NOT_APPLICABLE} and {@link Kind#REFUSED}; the sessions closed
 *               for a kill; empty otherwise
 */
public record AdminOutcome(Kind kind, String detail) {

    /** The outcomes HAProxy's form tells apart. */
    public enum Kind {
        /** The server was altered (or the action counts as done even when nothing moved). */
        DONE,
        /** A legacy action that applies only to another state: nothing done, not an error. */
        UNCHANGED,
        /** The action has no object on this server (agent actions; health ones without {@code check}). */
        NOT_APPLICABLE,
        /** The action was refused (a bad weight, a weight the algorithm cannot take). */
        REFUSED,
        /** No server of that name in the backend. */
        UNKNOWN_SERVER
    }

    public static final AdminOutcome DONE = new AdminOutcome(Kind.DONE, "");
    public static final AdminOutcome UNCHANGED = new AdminOutcome(Kind.UNCHANGED, "");
    public static final AdminOutcome UNKNOWN_SERVER = new AdminOutcome(Kind.UNKNOWN_SERVER, "");

    public AdminOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    static AdminOutcome done(String detail) {
        return new AdminOutcome(Kind.DONE, detail);
    }

    static AdminOutcome notApplicable(String why) {
        return new AdminOutcome(Kind.NOT_APPLICABLE, why);
    }

    static AdminOutcome refused(String why) {
        return new AdminOutcome(Kind.REFUSED, why);
    }

    /** Whether HAProxy's form counts this server (altered or refused) in its DONE/PART/ERRP code. */
    boolean counted() {
        return kind == Kind.DONE || kind == Kind.REFUSED || kind == Kind.UNKNOWN_SERVER;
    }

    /**
     * The audit log's words: {@code done}, {@code done (2 sessions closed)}, {@code unchanged},
     * {@code not applicable: <why>}, {@code refused: <why>}, {@code unknown server}.
     */
    public String text() {
        return switch (kind) {
            case DONE -> detail.isEmpty() ? "done" : "done (" + detail + ")";
            case UNCHANGED -> "unchanged";
            case NOT_APPLICABLE -> "not applicable: " + detail;
            case REFUSED -> "refused: " + detail;
            case UNKNOWN_SERVER -> "unknown server";
        };
    }
}
