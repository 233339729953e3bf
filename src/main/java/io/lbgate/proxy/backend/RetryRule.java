package io.lbgate.proxy.backend;

import io.lbgate.registry.OperationalState;
import io.lbgate.registry.Server;

/**
 * What follows a failed connection attempt, by HAProxy 2.6's rules (docs/haproxy-behaviour.md,
 * "Retries and redispatch"):
 * <ul>
 *   <li>{@code retries N} allows N attempts after the first; then the stream gives up.</li>
 *   <li>With {@code option redispatch} the next attempt goes back to the balancer (avoiding the
 *       failed server) when that server is down, when the redispatch interval says so (by default
 *       on the last retry), or at once when the algorithm is not hash-based and more than one
 *       active server is usable. Otherwise it retries the same server.</li>
 *   <li>After a refused connection (not a timeout, nor a reused connection that failed) it first
 *       waits min(timeout connect, 1 s) when it retries the same server, or when it redispatches
 *       with at most one usable active server.</li>
 * </ul>
 * Pure: the caller supplies the facts, so the rule is tested without sockets.
 */
final class RetryRule {

    /** Where the next attempt goes. */
    enum Next { GIVE_UP, SAME_SERVER, REDISPATCH }

    /** @param turnAround whether to wait {@link BackendPolicy#turnAroundMillis()} before it */
    record Decision(Next next, boolean turnAround) {
        static final Decision GIVE_UP = new Decision(Next.GIVE_UP, false);
    }

    private RetryRule() {
    }

    /**
     * @param failedAttempts attempts that failed so far, this one included (1 after the first)
     * @param failed         the server the attempt went to
     * @param activeUsable   usable active servers of the backend now
     * @param refused        the connection was refused or reset (an error reported by the system),
     *                       not timed out
     * @param reused         the failure was on a kept-alive connection, not a new one
     */
    static Decision afterFailure(BackendPolicy policy, int failedAttempts, Server failed, int activeUsable,
            boolean refused, boolean reused) {
        if (failedAttempts > policy.retries()) {
            return Decision.GIVE_UP;
        }
        Next next = redispatches(policy, failedAttempts, failed, activeUsable) ? Next.REDISPATCH : Next.SAME_SERVER;
        boolean turnAround = refused && !reused && (next == Next.SAME_SERVER || activeUsable <= 1);
        return new Decision(next, turnAround);
    }

    private static boolean redispatches(BackendPolicy policy, int failedAttempts, Server failed, int activeUsable) {
        int interval = policy.redispatchInterval();
        if (interval == 0) {
            return false;
        }
        OperationalState state = failed.operationalState();
        if (state == OperationalState.STOPPED || state == OperationalState.STARTING) {
            return true; // HAProxy: a server below "running" is left at once
        }
        int every = interval > 0 ? interval : policy.retries() + 1 + interval;
        if (every != 0 && failedAttempts % every == 0) {
            return true;
        }
        return !policy.hashBased() && activeUsable > 1;
    }
}
