package io.lbgate.config.properties;

import jakarta.validation.constraints.NotBlank;

/**
 * A user of the stats page: {@code stats auth NAME:PASSWORD}.
 *
 * @param name     the login
 * @param password clear text, or a Spring Security encoded value such as '{bcrypt'$2a$10$...}
 *                 or '{noop'secret}; kept exactly as written
 */
public record StatsUserProperties(@NotBlank String name, @NotBlank String password) {

    @Override
    public String toString() {
        return "StatsUserProperties[name=" + name + ", password=***]";
    }
}
