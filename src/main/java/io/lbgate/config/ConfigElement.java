package io.lbgate.config;

/**
 * Names a place in the model so that a semantic check can report it and each source can say
 * where that place was written: {@code file:line} for haproxy.cfg, a property path for
 * application.yml.
 *
 * @param kind  what the place is
 * @param proxy the frontend or backend name
 * @param item  the server name for {@link Kind#SERVER}, else {@code null}
 */
public record ConfigElement(Kind kind, String proxy, String item) {

    public enum Kind { FRONTEND, DEFAULT_BACKEND, BACKEND, SERVER, STATS }

    public static ConfigElement frontend(String name) {
        return new ConfigElement(Kind.FRONTEND, name, null);
    }

    public static ConfigElement defaultBackend(String frontend) {
        return new ConfigElement(Kind.DEFAULT_BACKEND, frontend, null);
    }

    public static ConfigElement backend(String name) {
        return new ConfigElement(Kind.BACKEND, name, null);
    }

    public static ConfigElement server(String backend, String server) {
        return new ConfigElement(Kind.SERVER, backend, server);
    }

    public static ConfigElement stats(String name) {
        return new ConfigElement(Kind.STATS, name, null);
    }
}
