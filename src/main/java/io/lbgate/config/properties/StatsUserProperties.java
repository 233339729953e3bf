package io.lbgate.config.properties;

/**
 * A user of the stats page: {@code stats auth NAME:PASSWORD}.
 *
 * @param name     the login
 * @param password clear text, or a Spring Security encoded value such as '{bcrypt'$2a$10$...}
 *                 or '{noop'secret}; kept exactly as written
 */
public record StatsUserProperties(String name, String password) {

    void checkValues(PropertyChecks at) {
        at.required("name", name);
        at.required("password", password); // quoted only when blank: never a password
    }

    @Override
    public String toString() {
        return "StatsUserProperties[name=" + name + ", password=***]";
    }
}
