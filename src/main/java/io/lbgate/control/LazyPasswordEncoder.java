package io.lbgate.control;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.function.Supplier;

/**
 * A password encoder made at its first use. Spring's delegating encoder builds every encoder it
 * knows ({@code {bcrypt}}, {@code {pbkdf2}}, {@code {scrypt}}, {@code {argon2}}, ...) when it is
 * made, about 140 classes; the stats page needs none of them while its users have clear-text
 * passwords, which is all that {@code stats auth} can give ({@link StatsCredentials} compares
 * those itself). Thread-safe.
 */
final class LazyPasswordEncoder implements PasswordEncoder {
    private final Supplier<PasswordEncoder> factory;
    private volatile PasswordEncoder encoder;

    LazyPasswordEncoder(Supplier<PasswordEncoder> factory) {
        this.factory = factory;
    }

    private PasswordEncoder encoder() {
        PasswordEncoder made = encoder;
        if (made == null) {
            synchronized (this) {
                made = encoder;
                if (made == null) {
                    made = factory.get();
                    encoder = made;
                }
            }
        }
        return made;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return encoder().encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return encoder().matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encoder().upgradeEncoding(encodedPassword);
    }
}
