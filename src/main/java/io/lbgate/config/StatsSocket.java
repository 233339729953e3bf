package io.lbgate.config;

import java.util.Objects;

/**
 * One {@code stats socket} line of {@code global}: where the runtime API listens and with which
 * rights. Exactly one of {@code path} and {@code tcp} is set.
 *
 * @param path              the UNIX socket file, {@code null} for a TCP socket
 * @param tcp               the TCP address, {@code null} for a UNIX socket
 * @param mode              the socket file's permission bits ({@code mode 600}), {@code -1} when not
 *                          written (then the process umask decides, as for HAProxy)
 * @param level             the rights of its clients; {@link ApiLevel#OPERATOR} unless written
 * @param user              owner of the socket file, {@code null} to leave it to the process
 * @param group             group of the socket file, {@code null} to leave it to the process
 * @param exposeFdListeners {@code expose-fd listeners}: accepted, lbgate passes no descriptors
 */
public record StatsSocket(String path, BindAddress tcp, int mode, ApiLevel level, String user, String group,
                          boolean exposeFdListeners) {

    public StatsSocket {
        Objects.requireNonNull(level, "level");
        if ((path == null) == (tcp == null)) {
            throw new IllegalArgumentException("path: " + path + ", tcp: " + tcp + " (expected: exactly one set)");
        }
        if (mode < -1 || mode > 0777) {
            throw new IllegalArgumentException("mode: " + Integer.toOctalString(mode) + " (expected: 0..777 octal)");
        }
    }

    /** A UNIX socket with the defaults: umask's mode, operator level. */
    public static StatsSocket unix(String path) {
        return new StatsSocket(path, null, -1, ApiLevel.OPERATOR, null, null, false);
    }

    /** What an operator wrote to name it: the path or {@code host:port}. */
    public String display() {
        return path != null ? path : tcp.display();
    }
}
