package io.lbgate.control;

import io.lbgate.config.StatsUser;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LazyPasswordEncoderTest {
    private final AtomicInteger made = new AtomicInteger();
    private final LazyPasswordEncoder encoder = new LazyPasswordEncoder(() -> {
        made.incrementAndGet();
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    });

    @Test
    void clearTextStatsUsersNeverMakeTheEncoders() {
        StatsCredentials credentials = new StatsCredentials(List.of(new StatsUser("admin", "s3cret")), encoder);

        assertThat(credentials.matches("admin", "s3cret")).isTrue();
        assertThat(credentials.matches("admin", "wrong")).isFalse();
        assertThat(credentials.matches("nobody", "s3cret")).isFalse();
        assertThat(made).hasValue(0);
    }

    @Test
    void aHashedPasswordMakesThemOnceAndIsCheckedByThem() {
        String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("s3cret");
        StatsCredentials credentials = new StatsCredentials(List.of(new StatsUser("admin", hash)), encoder);

        assertThat(credentials.matches("admin", "s3cret")).isTrue();
        assertThat(credentials.matches("admin", "wrong")).isFalse();
        assertThat(encoder.matches("s3cret", hash)).isTrue();
        assertThat(encoder.encode("x")).startsWith("{bcrypt}");
        assertThat(made).hasValue(1);
    }
}
