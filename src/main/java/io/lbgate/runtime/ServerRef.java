package io.lbgate.runtime;

import io.lbgate.registry.Backend;
import io.lbgate.registry.Registry;
import io.lbgate.registry.Server;

import java.util.Optional;

/**
 * Finds the server a {@code <backend>/<server>} argument names, as HAProxy 2.6's CLI does: each
 * side is a name or {@code #<id>}, and the errors are HAProxy's texts.
 */
final class ServerRef {
    static final String REQUIRE = "Require 'backend/server'.\n";
    static final String NO_SUCH_BACKEND = "No such backend.\n";
    static final String NO_SUCH_SERVER = "No such server.\n";

    /** The server found, or the answer to give when there is none. */
    record Lookup(Server server, String error) {
    }

    private ServerRef() {
    }

    static Lookup find(Registry registry, String argument) {
        int slash = argument.indexOf('/');
        if (argument.isEmpty() || slash < 0) {
            return new Lookup(null, REQUIRE);
        }
        Optional<Backend> backend = backend(registry, argument.substring(0, slash));
        if (backend.isEmpty()) {
            return new Lookup(null, NO_SUCH_BACKEND);
        }
        String name = argument.substring(slash + 1);
        Optional<Server> server = name.startsWith("#") ? id(name).flatMap(backend.get()::server)
                : backend.get().server(name);
        return server.map(s -> new Lookup(s, null)).orElseGet(() -> new Lookup(null, NO_SUCH_SERVER));
    }

    static Optional<Backend> backend(Registry registry, String reference) {
        return reference.startsWith("#") ? id(reference).flatMap(registry::backend) : registry.backend(reference);
    }

    private static Optional<Integer> id(String reference) {
        try {
            return Optional.of(Integer.parseInt(reference.substring(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
