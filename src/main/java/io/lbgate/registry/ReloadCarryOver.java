package io.lbgate.registry;

import io.lbgate.config.Algorithm;
import io.lbgate.config.ServerConfig;

/**
 * What a server keeps across a reload when its backend and name stay: operator-set state, health
 * and counters, so that neither an operator's DRAIN nor monitoring's counters are lost (HAProxy
 * loses all three unless its server-state file is used). What the new file changes on purpose wins,
 * by the rules HAProxy applies to a server-state file:
 *
 * <ul>
 * <li>admin state: when {@code disabled} was added or removed in the file, the file decides (MAINT
 * or READY); otherwise MAINT and DRAIN stay as they were;</li>
 * <li>weight: a weight set at run time stays unless the file's weight for the server changed, then
 * the file's wins;</li>
 * <li>health: the operational state and the rise/fall counter stay (fitted to a new rise/fall);
 * checks disabled by an operator stay disabled; a server that had no {@code check} and gets one
 * starts as at process start;</li>
 * <li>counters, live sessions, check history, downtime: continued, never reset.</li>
 * </ul>
 */
final class ReloadCarryOver {
    private ReloadCarryOver() {
    }

    /** Called once from {@code next}'s constructor, before any other thread can see it. */
    static void carry(Server from, Server next) {
        ServerConfig was = from.config();
        ServerConfig now = next.config();
        AdminState admin = was.disabled() != now.disabled()
                ? (now.disabled() ? AdminState.MAINT : AdminState.READY)
                : from.adminState();

        HealthCounter health = next.health();
        OperationalState operational;
        int value;
        if (admin == AdminState.MAINT) {
            operational = OperationalState.STOPPED;
            value = 0;
        } else if (from.adminState() == AdminState.MAINT) {
            // Leaving maintenance with the reload: up, one failed check away from down.
            operational = OperationalState.RUNNING;
            value = health.rise();
        } else if (now.check() && !was.check()) {
            operational = OperationalState.RUNNING; // as at process start
            value = health.rise();
        } else {
            operational = from.operationalState();
            value = fit(from.health(), health, operational);
        }

        int weight = was.weight() == now.weight() ? from.userWeight() : now.weight();
        if (isStatic(next) && weight != 0 && weight != now.weight()) {
            weight = now.weight(); // static algorithms take only 0 or the configured weight
        }
        boolean checksEnabled = !(was.check() && now.check()) || from.checksEnabled();
        next.takeOver(from, admin, operational, value, weight, checksEnabled);
    }

    /** The old health counter's position in the new rise/fall, on the side of its operational state. */
    private static int fit(HealthCounter old, HealthCounter now, OperationalState operational) {
        if (operational == OperationalState.STOPPED) {
            return Math.min(old.health(), now.rise() - 1);
        }
        if (old.health() >= old.max()) {
            return now.max();
        }
        return Math.max(now.rise(), Math.min(old.health(), now.max()));
    }

    private static boolean isStatic(Server server) {
        Algorithm algorithm = server.backend().config().balance();
        return algorithm == Algorithm.STATIC_RR || algorithm == Algorithm.SOURCE;
    }
}
