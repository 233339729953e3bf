package io.lbgate.logging;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyslogMessageTest {

    @Test
    void framesLikeHaproxy() {
        // captured from HAProxy 2.6.12: <134>Nov 28 22:02:33 haproxy[28063]: ...\n
        assertThat(SyslogMessage.format(SyslogMessage.facility("local0"), SyslogMessage.INFO,
                LocalDateTime.of(2026, 11, 28, 22, 2, 33), "haproxy", 28063, "line"))
                .isEqualTo("<134>Nov 28 22:02:33 haproxy[28063]: line\n");
    }

    @Test
    void padsSingleDigitDaysWithASpace() {
        assertThat(SyslogMessage.format(SyslogMessage.facility("local2"), SyslogMessage.NOTICE,
                LocalDateTime.of(2026, 3, 5, 7, 8, 9), "lbgate", 1, "x"))
                .isEqualTo("<149>Mar  5 07:08:09 lbgate[1]: x\n");
    }

    @Test
    void namesMapToNumbers() {
        assertThat(SyslogMessage.facility("kern")).isZero();
        assertThat(SyslogMessage.facility("LOCAL7")).isEqualTo(23);
        assertThat(SyslogMessage.severity("info")).isEqualTo(6);
        assertThat(SyslogMessage.severity(null)).isEqualTo(7);
        assertThatThrownBy(() -> SyslogMessage.facility("local9")).hasMessageContaining("local9");
    }
}
