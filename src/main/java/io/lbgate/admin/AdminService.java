package io.lbgate.admin;

import io.lbgate.registry.AdminState;
import io.lbgate.registry.Backend;
import io.lbgate.registry.ForcedHealth;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;

import java.time.Clock;
import java.util.Optional;

/**
 * Carries out a posted admin form on the registry and audits each server touched, answering the
 * {@code ;st=} code HAProxy 2.6 would: {@code DONE} when every named server was altered,
 * {@code PART} when some were, {@code ERRP} when none was or the action or backend is invalid,
 * {@code NONE} when no server was named or the action applied to none of them. The runtime API's
 * server commands go through {@link #applyFromSocket} to the same registry operations and audit log.
 */
public final class AdminService {
    private final Registry registry;
    private final AuditLog audit;
    private final Clock clock;

    public AdminService(Registry registry, AuditLog audit, Clock clock) {
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** Who made a request and from where, for the audit log. */
    public record Actor(String user, String address) {
    }

    public AdminStatus apply(AdminForm form, Actor actor) {
        Optional<AdminAction> action = Optional.ofNullable(form.action()).flatMap(AdminAction::fromValue);
        Optional<Backend> backend = Optional.ofNullable(form.backend()).flatMap(this::backend);
        String actionText = describe(form);
        if (action.isEmpty() || backend.isEmpty()) {
            record(actor, actionText, form.backend(), "-", action.isEmpty() ? "invalid action" : "unknown backend");
            return AdminStatus.ERRP;
        }
        if (form.servers().isEmpty()) {
            record(actor, actionText, backend.get().name(), "-", "no server selected");
            return AdminStatus.NONE;
        }
        int total = 0;
        int altered = 0;
        for (String name : form.servers()) {
            Optional<Server> server = backend.get().server(name);
            AdminOutcome outcome = server.isEmpty() ? AdminOutcome.UNKNOWN_SERVER
                    : applyTo(server.get(), action.get(), form.weight(), AdminOrigin.STATS_PAGE, actor.user());
            server.ifPresent(s -> share(s, action.get(), outcome));
            if (outcome.counted()) {
                total++;
            }
            if (outcome.kind() == AdminOutcome.Kind.DONE) {
                altered++;
            }
            record(actor, actionText, backend.get().name(), name, outcome.text());
        }
        if (total == 0) {
            return AdminStatus.NONE;
        }
        if (altered == 0) {
            return AdminStatus.ERRP;
        }
        return altered == total ? AdminStatus.DONE : AdminStatus.PART;
    }

    /**
     * One action on one server from a runtime API socket, carried out and audited as the form's
     * are, with {@code command} (what the operator typed) as the audited action.
     *
     * @param weight the absolute weight for {@link AdminAction#WEIGHT}, {@code null} otherwise
     */
    public AdminOutcome applyFromSocket(Server server, AdminAction action, String weight, Actor actor,
                                        String command) {
        AdminOutcome outcome = applyTo(server, action, weight, AdminOrigin.RUNTIME_API, actor.user());
        share(server, action, outcome);
        record(actor, command, server.backend().name(), server.name(), outcome.text());
        return outcome;
    }

    /** Records a request refused before any action (no admin right, cross-site). */
    public void refused(Actor actor, String why) {
        record(actor, "-", "-", "-", why);
    }

    /**
     * Observed on 2.6.12: hrunn/hnolb/hdown are DONE on any server, also one without
     * {@code check} (then forced for good) or in MAINT (which stays MAINT), and also when nothing
     * moves (hdown on a DOWN server); dhlth/ehlth are DONE on a checked server, again or not, and
     * NONE on an unchecked one; dagent/eagent/arunn/adown are NONE without an agent.
     */
    private AdminOutcome applyTo(Server server, AdminAction action, String weight, AdminOrigin origin, String user) {
        String who = origin.cause(action, user);
        AdminState state = server.adminState();
        switch (action) {
            case READY -> registry.setAdminState(server, AdminState.READY, who);
            case DRAIN -> registry.setAdminState(server, AdminState.DRAIN, who);
            case MAINT -> registry.setAdminState(server, AdminState.MAINT, who);
            case LEGACY_DISABLE, LEGACY_ENABLE, LEGACY_STOP, LEGACY_START -> {
                return legacy(server, action, state, who);
            }
            case WEIGHT -> {
                return weight(server, weight, who);
            }
            case DISABLE_HEALTH, ENABLE_HEALTH -> {
                // Only servers with 'check' count, as HAProxy: dhlth on an unchecked one is NONE.
                boolean configured = registry.setChecksEnabled(server, action == AdminAction.ENABLE_HEALTH, who);
                return configured ? AdminOutcome.DONE : AdminOutcome.notApplicable("no health check");
            }
            case FORCE_UP -> registry.forceHealth(server, ForcedHealth.UP, origin.forcedCause());
            case FORCE_NOLB -> registry.forceHealth(server, ForcedHealth.NOLB, origin.forcedCause());
            case FORCE_DOWN -> registry.forceHealth(server, ForcedHealth.DOWN, origin.forcedCause());
            case SHUTDOWN -> {
                // HAProxy counts the server as altered even when it had no session to kill.
                int closed = server.sessions().closeAll();
                return AdminOutcome.done(closed + " sessions closed");
            }
            default -> {
                return AdminOutcome.notApplicable("no agent check"); // HAProxy's answer without 'agent-check'
            }
        }
        return AdminOutcome.DONE;
    }

    private AdminOutcome legacy(Server server, AdminAction action, AdminState state, String who) {
        AdminState target = switch (action) {
            case LEGACY_DISABLE -> state != AdminState.MAINT ? AdminState.MAINT : null;
            case LEGACY_ENABLE -> state == AdminState.MAINT ? AdminState.READY : null;
            case LEGACY_STOP -> state == AdminState.READY ? AdminState.DRAIN : null;
            case LEGACY_START -> state == AdminState.DRAIN ? AdminState.READY : null;
            default -> throw new IllegalArgumentException("not a legacy action: " + action);
        };
        if (target == null) {
            return AdminOutcome.UNCHANGED;
        }
        registry.setAdminState(server, target, who);
        return AdminOutcome.DONE;
    }

    private AdminOutcome weight(Server server, String raw, String who) {
        int value;
        try {
            value = Integer.parseInt(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            return AdminOutcome.refused("weight '" + (raw == null ? "" : raw) + "' is not a number");
        }
        try {
            registry.setWeight(server, value, who);
        } catch (IllegalArgumentException e) {
            return AdminOutcome.refused(e.getMessage());
        }
        return AdminOutcome.DONE;
    }

    /** {@code #3} names a backend by id, anything else by name (both work in HAProxy). */
    private Optional<Backend> backend(String reference) {
        if (reference.startsWith("#")) {
            try {
                return registry.backend(Integer.parseInt(reference.substring(1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return registry.backend(reference);
    }

    private static String describe(AdminForm form) {
        String action = form.action() == null ? "-" : form.action();
        return "weight".equals(action) ? action + "=" + form.weight() : action;
    }

    private void record(Actor actor, String action, String backend, String server, String result) {
        audit.record(new AuditEntry(clock.instant(), actor.user(), actor.address(), action,
                backend == null ? "-" : backend, server, result));
    }

    // ---- sharing with peers (io.lbgate.peers, docs/peers.md) ----

    /** What of a server's operator-set state a pair of gateways shares; health stays each node's own. */
    public enum Shared {
        /** READY, DRAIN or MAINT; the value is the {@link AdminState} ordinal. */
        ADMIN_STATE,
        /** The user weight ({@code set weight}, the form's weight). */
        WEIGHT,
        /** Health checks enabled (1) or disabled (0) by {@code ehlth}/{@code dhlth}. */
        CHECKS
    }

    private volatile java.util.function.BiConsumer<Server, Shared> sharedChanges = (server, what) -> { };

    /**
     * Tells {@code listener} of every operator change that a pair shares, after it was applied, on
     * the acting thread; never of a change applied by {@link #applyFromPeer} (no echo). One
     * listener; a later call replaces it.
     */
    public void onSharedChange(java.util.function.BiConsumer<Server, Shared> listener) {
        this.sharedChanges = java.util.Objects.requireNonNull(listener, "listener");
    }

    private void share(Server server, AdminAction action, AdminOutcome outcome) {
        if (outcome.kind() != AdminOutcome.Kind.DONE) {
            return;
        }
        Shared what = switch (action) {
            case READY, DRAIN, MAINT, LEGACY_DISABLE, LEGACY_ENABLE, LEGACY_STOP, LEGACY_START -> Shared.ADMIN_STATE;
            case WEIGHT -> Shared.WEIGHT;
            case DISABLE_HEALTH, ENABLE_HEALTH -> Shared.CHECKS;
            default -> null; // forced health and killed sessions are this node's own
        };
        if (what != null) {
            sharedChanges.accept(server, what);
        }
    }

    /**
     * Applies what a peer's operator did to {@code server}, audited with the peer as the actor and
     * {@code changed by peer <name>} as the cause the server's log line gives. Not shared back.
     *
     * @param value as {@link Shared} describes it
     */
    public AdminOutcome applyFromPeer(Server server, Shared what, int value, String peer, String address) {
        String who = "changed by peer " + peer;
        AdminOutcome outcome = AdminOutcome.DONE;
        String action;
        switch (what) {
            case ADMIN_STATE -> {
                if (value < 0 || value >= AdminState.values().length) {
                    return AdminOutcome.refused("admin state " + value + " unknown");
                }
                AdminState state = AdminState.values()[value];
                action = state.name().toLowerCase(java.util.Locale.ROOT);
                registry.setAdminState(server, state, who);
            }
            case WEIGHT -> {
                action = "weight=" + value;
                outcome = weight(server, Integer.toString(value), who);
            }
            case CHECKS -> {
                action = value != 0 ? AdminAction.ENABLE_HEALTH.value() : AdminAction.DISABLE_HEALTH.value();
                outcome = registry.setChecksEnabled(server, value != 0, who) ? AdminOutcome.DONE
                        : AdminOutcome.notApplicable("no health check");
            }
            default -> throw new IllegalArgumentException("what: " + what);
        }
        record(new Actor("peer " + peer, address), action + " (from peer)", server.backend().name(), server.name(),
                outcome.text());
        return outcome;
    }
}
