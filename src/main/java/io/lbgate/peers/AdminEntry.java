package io.lbgate.peers;

import io.lbgate.admin.AdminService;
import java.util.Objects;

/**
 * One piece of a server's operator-set state as the pair shares it: which server, what, the value
 * and when it was set. Servers are named by backend and server name, so an entry means the same
 * server on both nodes and across reloads.
 *
 * @param value as {@link AdminService.Shared} describes it
 */
record AdminEntry(String backend, String server, AdminService.Shared what, int value, Stamp stamp) {
    AdminEntry {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(stamp, "stamp");
    }

    Key key() {
        return new Key(backend, server, what);
    }

    /** What an entry is about; the latest entry per key wins. */
    record Key(String backend, String server, AdminService.Shared what) {
    }
}
