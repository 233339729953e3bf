package io.lbgate.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void timeUnitsWithMillisecondsByDefault() throws Exception {
        assertThat(Units.time("100")).isEqualTo(Duration.ofMillis(100));
        assertThat(Units.time("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Units.time("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Units.time("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Units.time("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Units.time("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Units.time("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void badTimeNamesTheCharacterHaproxyStopsAt() {
        assertThat(catchThrowableOfType(() -> Units.time("10x"), Units.BadValueException.class).offending())
                .isEqualTo('x');
        assertThat(catchThrowableOfType(() -> Units.time("1m30s"), Units.BadValueException.class).offending())
                .isEqualTo('3');
        assertThat(catchThrowableOfType(() -> Units.time("-1"), Units.BadValueException.class).offending())
                .isEqualTo('-');
    }

    @Test
    void sizeUnitsArePowersOf1024() throws Exception {
        assertThat(Units.size("512")).isEqualTo(512);
        assertThat(Units.size("16k")).isEqualTo(16 * 1024);
        assertThat(Units.size("2M")).isEqualTo(2L << 20);
        assertThat(Units.size("1g")).isEqualTo(1L << 30);
        assertThat(catchThrowableOfType(() -> Units.size("1kb"), Units.BadValueException.class).offending())
                .isEqualTo('b');
    }
}
