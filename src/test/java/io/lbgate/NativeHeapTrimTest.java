package io.lbgate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process trim on this JDK (17.0.9 or later on glibc has the command). */
class NativeHeapTrimTest {

    @Test
    void trimsThroughTheJvmsDiagnosticCommand() throws Exception {
        NativeHeapTrim.Trim trim = NativeHeapTrim.Trim.platform().orElseThrow();

        assertThat(trim.trim()).startsWith("Trim native heap: RSS+Swap:");
    }

    @Test
    void runsOnItsOwnThreadWhileStarted() {
        NativeHeapTrim trim = new NativeHeapTrim();
        trim.start();
        try {
            assertThat(trim.isRunning()).isTrue();
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("native-heap-trim"));
        } finally {
            trim.stop();
        }
        assertThat(trim.isRunning()).isFalse();
    }
}
