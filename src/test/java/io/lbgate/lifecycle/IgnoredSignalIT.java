package io.lbgate.lifecycle;

import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process started with {@code nohup} inherits SIGHUP as ignored, and the JVM then leaves it
 * ignored: {@code kill -HUP} would not reload, and nothing would say so. lbgate says so at start.
 */
class IgnoredSignalIT {

    @Test
    void aStartUnderNohupSaysThatSighupWillNotReload() throws Exception {
        Path cfg = Files.createTempFile("lbgate-nohup", ".cfg");
        Files.writeString(cfg, """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:9
                """.formatted(FreePorts.next()));
        try (JarProcess lbgate = JarProcess.startUnder(List.of("nohup"), "-f", cfg.toString())) {
            assertThat(lbgate.log()).contains("SIGHUP is ignored in this process")
                    .contains("will not reload the configuration")
                    .doesNotContain("SIGTERM is ignored");
            lbgate.signal("TERM");
            assertThat(lbgate.awaitExit(Duration.ofSeconds(30))).as("SIGTERM still stops it").isZero();
        }
    }
}
