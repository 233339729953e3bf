package io.lbgate.config;

import java.util.Objects;

/**
 * A user of the stats page. {@code password} is either clear text (from {@code stats auth}) or a
 * Spring Security encoded value such as {@code {bcrypt}$2a$...}.
 */
public record StatsUser(String name, String password) {
    public StatsUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "StatsUser[name=" + name + ", password=***]";
    }
}
