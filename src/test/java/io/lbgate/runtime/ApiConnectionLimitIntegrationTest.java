package io.lbgate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of runtime API clients at once: {@code stats maxconn} of them are served, the rest wait
 * in the backlog, the data plane answers as usual, and once they leave the API answers again.
 */
class ApiConnectionLimitIntegrationTest {
    private static final int CLIENTS = 300;

    @TempDir
    Path dir;

    @Test
    void threeHundredSilentClientsAreBoundedAndTrafficFlows() throws Exception {
        try (RuntimeGateway gw = RuntimeGateway.start(dir, "stats maxconn 3\nstats timeout 30s")) {
            RuntimeApi api = gw.gateway.outcome().context().getBean(RuntimeApi.class);
            List<ApiClient> silent = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    silent.add(ApiClient.connect(gw.admin()));
                }
                await().atMost(Duration.ofSeconds(5)).until(api::servedConnections, n -> n == 3);
                long start = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    assertThat(gw.viaGateway()).isEqualTo(200);
                    assertThat(api.servedConnections()).isLessThanOrEqualTo(3);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 requests while the API is full")
                        .isLessThan(Duration.ofSeconds(10));
            } finally {
                silent.forEach(ApiClient::close);
            }
            assertThat(ApiClient.send(gw.admin(), "show cli level")).isEqualTo("admin\n\n");
            await().atMost(Duration.ofSeconds(5)).until(api::servedConnections, n -> n == 0);
        }
    }
}
