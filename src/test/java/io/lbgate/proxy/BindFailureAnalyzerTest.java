package io.lbgate.proxy;

import io.lbgate.config.BindAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.net.BindException;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads when a frontend cannot listen. */
class BindFailureAnalyzerTest {
    private final BindFailureAnalyzer analyzer = new BindFailureAnalyzer();

    @Test
    void aPrivilegedPortSaysHowToGetAroundIt() {
        BindFailedException e = new BindFailedException("web", new BindAddress("127.0.0.1", 80, false),
                new BindException("bind(..) failed: Permission denied"));
        FailureAnalysis analysis = analyzer.analyze(e);
        assertThat(analysis.getDescription()).contains("127.0.0.1:80");
        assertThat(analysis.getAction()).contains("1024", "-p 80:8080", "ip_unprivileged_port_start");
    }

    @Test
    void aPortInUseNamesTheFrontendToChange() {
        BindFailedException e = new BindFailedException("web", new BindAddress("127.0.0.1", 8080, false),
                new BindException("bind(..) failed: Address already in use"));
        assertThat(analyzer.analyze(e).getAction()).contains("127.0.0.1:8080", "frontend 'web'");
    }
}
