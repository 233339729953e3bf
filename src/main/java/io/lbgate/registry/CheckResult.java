package io.lbgate.registry;

import java.util.Objects;

/**
 * The outcome of one health check, as the health checker reports it to
 * {@link Registry#reportCheck(Server, CheckResult)} and the stats page reads it back.
 *
 * @param passed         whether it counts as a success for the rise/fall counter
 * @param status         HAProxy's check_status code: {@code L4OK}, {@code L4CON}, {@code L7STS}, {@code INI} ...
 * @param code           the HTTP status for L7 results, 0 when there is none
 * @param durationMillis how long the check took; -1 when none ran yet
 * @param info           detail such as {@code Connection refused} or a reason phrase; empty when none
 */
public record CheckResult(boolean passed, String status, int code, long durationMillis, String info) {
    private static final CheckResult INITIALIZING = new CheckResult(false, "INI", 0, -1, "");

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(info, "info");
    }

    /** What a checked server reports before its first check finished. */
    public static CheckResult initializing() {
        return INITIALIZING;
    }

    public static CheckResult passed(String status, int code, long durationMillis) {
        return new CheckResult(true, status, code, durationMillis, "");
    }

    public static CheckResult failed(String status, int code, long durationMillis, String info) {
        return new CheckResult(false, status, code, durationMillis, info);
    }

    /** Whether this is the placeholder of a server never checked yet. */
    public boolean isInitial() {
        return durationMillis < 0;
    }

    /** {@code L4CON Connection refused}: the cause string of the state change it provoked. */
    String describe() {
        return info.isEmpty() ? status : status + " " + info;
    }
}
