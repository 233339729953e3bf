package io.lbgate.control;

import io.lbgate.config.StatsUser;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StatsCredentialsTest {
    /** Counts the slow hashes asked of the delegating encoder. */
    private static final class CountingEncoder implements PasswordEncoder {
        final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        final AtomicInteger matches = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            matches.incrementAndGet();
            return real.matches(raw, encoded);
        }
    }

    @Test
    void userNamesMatchExactlyCaseIncludedAsHaproxyDoes() {
        StatsCredentials credentials = new StatsCredentials(List.of(new StatsUser("admin", "admin")), new CountingEncoder());

        assertThat(credentials.matches("admin", "admin")).isTrue();
        assertThat(credentials.matches("ADMIN", "admin")).isFalse();
        assertThat(credentials.matches("Admin", "admin")).isFalse();
        assertThat(credentials.matches("admin", "ADMIN")).isFalse();
        assertThat(credentials.matches("admin", "admin ")).isFalse();
    }

    @Test
    void clearTextUsersNeverCostASlowHash() {
        CountingEncoder encoder = new CountingEncoder();
        StatsCredentials credentials = new StatsCredentials(List.of(new StatsUser("ops", "s3cret")), encoder);

        for (int i = 0; i < 100; i++) {
            credentials.matches("ops", "s3cret");
            credentials.matches("ops", "wrong" + i);
            credentials.matches("nobody", "x");
        }

        assertThat(encoder.matches).hasValue(0);
    }

    @Test
    void aHashedPasswordIsHashedOnceThenRememberedForThatExactPassword() {
        CountingEncoder encoder = new CountingEncoder();
        String bcrypt = encoder.encode("s3cret");
        StatsCredentials credentials = new StatsCredentials(List.of(new StatsUser("ops", bcrypt)), encoder);

        assertThat(credentials.matches("ops", "s3cret")).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(credentials.matches("ops", "s3cret")).isTrue();
        }
        assertThat(encoder.matches).hasValue(1);

        assertThat(credentials.matches("ops", "s3cret!")).isFalse();
        assertThat(encoder.matches).hasValue(2);
    }

    @Test
    void anUnknownNameCostsTheSameWorkAsAKnownOneSoTimingDoesNotRevealNames() {
        CountingEncoder encoder = new CountingEncoder();
        StatsCredentials credentials = new StatsCredentials(List.of(new StatsUser("ops", encoder.encode("s3cret"))), encoder);

        assertThat(credentials.matches("ops", "wrong")).isFalse();
        assertThat(encoder.matches).hasValue(1);
        assertThat(credentials.matches("intruder", "wrong")).isFalse();
        assertThat(encoder.matches).hasValue(2);
        // And an unknown name never gets in, even with the dummy's work done.
        assertThat(credentials.matches("", "")).isFalse();
    }
}
