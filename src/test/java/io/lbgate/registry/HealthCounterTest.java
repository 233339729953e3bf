package io.lbgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HealthCounterTest {

    @Test
    void startsAtRiseNotAtMax() {
        HealthCounter c = new HealthCounter(2, 3);

        assertThat(c.health()).isEqualTo(2);
        assertThat(c.max()).isEqualTo(4);
        assertThat(c.isUp()).isTrue();
    }

    @Test
    void firstFailureFromStartGoesStraightToZero() {
        HealthCounter c = new HealthCounter(2, 3);

        assertThat(c.fail()).isTrue();
        assertThat(c.health()).isZero();
        assertThat(c.isUp()).isFalse();
    }

    @Test
    void fallFailuresFromFullHealthTakeItDown() {
        HealthCounter c = new HealthCounter(2, 3);
        c.pass();
        assertThat(c.health()).isEqualTo(4);

        c.fail();
        assertThat(c.health()).isEqualTo(3);
        c.fail();
        assertThat(c.health()).isEqualTo(2);
        assertThat(c.isUp()).isTrue();
        c.fail();
        assertThat(c.health()).isZero();
    }

    @Test
    void riseSuccessesBringItBackToFullHealth() {
        HealthCounter c = new HealthCounter(2, 3);
        c.fail();

        c.pass();
        assertThat(c.health()).isEqualTo(1);
        assertThat(c.isUp()).isFalse();
        c.pass();
        assertThat(c.health()).isEqualTo(4);
        assertThat(c.isUp()).isTrue();
    }

    @Test
    void failingAtZeroOrPassingAtMaxDoesNotMove() {
        HealthCounter c = new HealthCounter(2, 3);
        c.fail();
        assertThat(c.fail()).isFalse();
        c.pass();
        c.pass();
        assertThat(c.pass()).isFalse();
    }

    @Test
    void riseAndFallMustBePositive() {
        assertThatThrownBy(() -> new HealthCounter(0, 3)).hasMessage("rise: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthCounter(2, 0)).hasMessage("fall: 0 (expected: >= 1)");
    }
}
