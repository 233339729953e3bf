package io.lbgate.health;

import io.lbgate.registry.CheckResult;
import io.lbgate.registry.Registry;
import io.lbgate.support.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One probe at a time against real servers on loopback: results and bytes on the wire (docs/haproxy-behaviour.md, "Health checks", §4.5). */
class ProbeIntegrationTest {
    private static final Probes probes = new Probes();

    @AfterAll
    static void close() {
        probes.close();
    }

    private static CheckResult probe(String backendBody) throws Exception {
        Registry registry = Cfg.registry("backend b\n" + backendBody);
        return probes.probe(Probes.first(registry));
    }

    @Test
    void tcpConnectToAListenerIsL4Ok() throws Exception {
        try (StubServer stub = StubServer.silent()) {
            CheckResult r = probe("    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(r.passed()).isTrue();
            assertThat(r.status()).isEqualTo("L4OK");
            assertThat(r.code()).isZero();
            assertThat(r.info()).isEmpty();
            assertThat(r.durationMillis()).isBetween(0L, 1000L);
        }
    }

    @Test
    void refusedConnectionIsL4ConWithConnectionRefused() throws Exception {
        CheckResult r = probe("    server s 127.0.0.1:" + FreePorts.next() + " check\n");
        assertThat(r.passed()).isFalse();
        assertThat(r.status()).isEqualTo("L4CON");
        assertThat(r.info()).isEqualTo("Connection refused");
    }

    @Test
    void httpchkSendsOptionsHttp10AndPassesOn200() throws Exception {
        try (StubServer stub = StubServer.answering("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            CheckResult r = probe("    option httpchk\n    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(r).isEqualTo(new CheckResult(true, "L7OK", 200, r.durationMillis(), ""));
            assertThat(stub.connections).hasSize(1);
            assertThat(stub.connections.get(0).text()).isEqualTo("OPTIONS / HTTP/1.0\r\n\r\n");
        }
    }

    @Test
    void httpchkWithMethodUriAndHttp11AddsConnectionClose() throws Exception {
        try (StubServer stub = StubServer.answering("HTTP/1.1 302 Found\r\n\r\n")) {
            CheckResult r = probe("    option httpchk GET /h HTTP/1.1\\r\\nHost:\\ www\n"
                    + "    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(r.status()).isEqualTo("L7OK");
            assertThat(r.code()).isEqualTo(302);
            assertThat(stub.connections.get(0).text())
                    .isEqualTo("GET /h HTTP/1.1\r\nhost: www\r\nconnection: close\r\n\r\n");
        }
    }

    @Test
    void status500IsL7StsWithTheReasonPhrase() throws Exception {
        try (StubServer stub = StubServer.answering("HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")) {
            CheckResult r = probe("    option httpchk GET /chk\n    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(r.passed()).isFalse();
            assertThat(r.status()).isEqualTo("L7STS");
            assertThat(r.code()).isEqualTo(500);
            assertThat(r.info()).isEqualTo("Internal Server Error");
            assertThat(stub.connections.get(0).text()).isEqualTo("GET /chk HTTP/1.0\r\n\r\n");
        }
    }

    @Test
    void expectStatusDecidesWhatPasses() throws Exception {
        try (StubServer stub = StubServer.answering("HTTP/1.0 503\r\n\r\n")) {
            CheckResult pass = probe("    option httpchk\n    http-check expect status 503\n"
                    + "    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(pass.status()).isEqualTo("L7OK");
            CheckResult fail = probe("    option httpchk\n    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(fail.status()).isEqualTo("L7STS");
            assertThat(fail.code()).isEqualTo(503);
            assertThat(fail.info()).isEmpty();
        }
    }

    @Test
    void garbageIsL7Rsp() throws Exception {
        try (StubServer stub = StubServer.answering("hello\n")) {
            CheckResult r = probe("    option httpchk\n    server s 127.0.0.1:" + stub.port() + " check\n");
            assertThat(r.status()).isEqualTo("L7RSP");
            assertThat(r.passed()).isFalse();
        }
    }

    @Test
    void silentServerIsL7ToutAfterInterWithoutTimeoutCheck() throws Exception {
        try (StubServer stub = StubServer.silent()) {
            CheckResult r = probe("    option httpchk\n    timeout connect 100ms\n"
                    + "    server s 127.0.0.1:" + stub.port() + " check inter 400ms\n");
            assertThat(r.status()).isEqualTo("L7TOUT");
            assertThat(r.info()).isEmpty();
            // timeout connect alone does not bound a check: inter does (HAProxy 2.6).
            assertThat(r.durationMillis()).isBetween(390L, 700L);
        }
    }

    @Test
    void timeoutCheckExtendsTheWaitForTheAnswerPastTheConnectTimeout() throws Exception {
        try (StubServer stub = StubServer.silent()) {
            // Observed on 2.6.12: connect 500ms + check 1s → L7TOUT after 1005 ms.
            CheckResult r = probe("    option httpchk\n    timeout connect 200ms\n    timeout check 600ms\n"
                    + "    server s 127.0.0.1:" + stub.port() + " check inter 3s\n");
            assertThat(r.status()).isEqualTo("L7TOUT");
            assertThat(r.durationMillis()).isBetween(590L, 900L);
        }
    }

    @Test
    void portAndAddrRedirectTheCheck() throws Exception {
        try (StubServer stub = StubServer.silent()) {
            CheckResult r = probe("    server s 192.0.2.1:" + FreePorts.next() + " check addr 127.0.0.1 port "
                    + stub.port() + "\n");
            assertThat(r.status()).isEqualTo("L4OK");
            await().untilAsserted(() -> assertThat(stub.connections).hasSize(1));
        }
    }

    @Test
    void checkSendProxySendsV1WithTheCheckSocketsOwnAddresses() throws Exception {
        try (StubServer stub = StubServer.answering("HTTP/1.0 200 OK\r\n\r\n")) {
            probe("    option httpchk GET /x\n    server s 127.0.0.1:" + stub.port() + " check check-send-proxy\n");
            StubServer.Conn conn = stub.connections.get(0);
            assertThat(conn.text()).isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + conn.remote.getPort() + " "
                    + stub.port() + "\r\nGET /x HTTP/1.0\r\n\r\n");
        }
    }

    @Test
    void sendProxyV2OnTheServerLineSendsALocalHeaderOnTcpChecks() throws Exception {
        try (StubServer stub = StubServer.silent()) {
            CheckResult r = probe("    server s 127.0.0.1:" + stub.port() + " check send-proxy-v2\n");
            assertThat(r.status()).isEqualTo("L4OK");
            await().untilAsserted(() -> assertThat(stub.connections.get(0).bytes()).containsExactly(
                    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00));
        }
    }

    @Test
    void sendProxyIsNotSentWhenTheCheckGoesElsewhere() throws Exception {
        try (StubServer stub = StubServer.answering("HTTP/1.0 200 OK\r\n\r\n")) {
            probe("    option httpchk\n    server s 127.0.0.1:" + FreePorts.next() + " check send-proxy port "
                    + stub.port() + "\n");
            assertThat(stub.connections.get(0).text()).isEqualTo("OPTIONS / HTTP/1.0\r\n\r\n");
        }
    }
}
