package io.lbgate.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * One admin action on one server (or one refused request), as the audit log keeps it.
 *
 * @param time    when it was applied
 * @param user    the authenticated user, {@code -} when none
 * @param address the client's address
 * @param action  the posted action value ({@code drain}, {@code weight=5} ...)
 * @param backend the backend as posted or resolved, {@code -} when none
 * @param server  the server name as posted, {@code -} when none
 * @param result  what happened: {@code done}, {@code unchanged}, {@code unknown server},
 *                {@code not applicable: ...}, {@code refused: ...}, {@code denied}
 */
public record AuditEntry(Instant time, String user, String address, String action, String backend, String server,
                         String result) {
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(result, "result");
    }
}
