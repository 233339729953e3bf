package io.lbgate.pair;

import io.lbgate.support.FreePorts;
import io.lbgate.support.TestGateway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stats listener without {@code stats auth} takes a VRRP report from a loopback client only: a
 * client on the network cannot claim this node took or lost the VIP.
 */
class VrrpReportWithoutStatsAuthIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void aReportFromTheNetworkIsRefusedOneFromLoopbackIsTaken() throws Exception {
        Optional<InetAddress> network = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        Assumptions.assumeTrue(network.isPresent(), "this machine has no non-loopback IPv4 address");
        int statsPort = FreePorts.next();
        try (TestGateway gateway = TestGateway.start(dir, """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend web
                    bind 127.0.0.1:%d
                    default_backend app
                backend app
                    server s1 127.0.0.1:%d
                listen stats
                    bind 0.0.0.0:%d
                    stats enable
                    stats uri /haproxyadmin
                """.formatted(FreePorts.next(), FreePorts.next(), statsPort))) {
            InetAddress address = network.get();
            String fromNetwork = post(address, statsPort, "type=INSTANCE&name=VI_1&state=MASTER&priority=100");
            assertThat(fromNetwork).startsWith("HTTP/1.1 403").endsWith("taken from loopback only\n");
            VrrpState state = gateway.outcome().context().getBean(VrrpState.class);
            assertThat(state.role()).isEqualTo(VrrpRole.UNKNOWN);

            String fromLoopback = post(InetAddress.getLoopbackAddress(), statsPort, "type=INSTANCE&name=VI_1&state=MASTER&priority=100");
            assertThat(fromLoopback).startsWith("HTTP/1.1 204");
            assertThat(state.role()).isEqualTo(VrrpRole.MASTER);
        }
    }

    /** One form POST from {@code address} to {@code address:port}, so the server sees that client address. */
    private static String post(InetAddress address, int port, String form) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address, 0));
            socket.connect(new InetSocketAddress(address, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /lbgate/vrrp HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\n\r\n" + form).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
