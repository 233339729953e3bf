package io.lbgate.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lbgate.admin.AdminService.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol on in-memory channels: the handshake, then what a stranger or a tamperer gets. */
class PeerConnectionTest {
    private static final PeerSecret SECRET = PeerSecret.of("a-secret-of-sixteen-bytes-or-more", null);

    /** One side's owner: its name, its peers, what it received and why it closed. */
    private static final class Side implements PeerConnection.Owner {
        final String node;
        final String peer;
        final PeerSecret secret;
        final List<AdminEntry> received = new ArrayList<>();
        String closedBecause;
        boolean opened;

        Side(String node, String peer, PeerSecret secret) {
            this.node = node;
            this.peer = peer;
            this.secret = secret;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public PeerSecret secret() {
            return secret;
        }

        @Override
        public String refusal(String name) {
            return name.equals(peer) ? null : "no peer '" + name + "'";
        }

        @Override
        public void opened(PeerConnection connection) {
            opened = true;
        }

        @Override
        public void received(PeerConnection connection, List<AdminEntry> entries) {
            received.addAll(entries);
        }

        @Override
        public void closed(PeerConnection connection, String reason, boolean wasOpen) {
            closedBecause = reason;
        }
    }

    /** Moves every written buffer of {@code from} into {@code to}, as the network would. */
    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf b = from.readOutbound(); b != null; b = from.readOutbound()) {
            to.writeInbound(b);
        }
    }

    private static void converse(EmbeddedChannel a, EmbeddedChannel b) {
        for (int i = 0; i < 4; i++) {
            shuttle(a, b);
            shuttle(b, a);
        }
    }

    /** A channel running the accepting side's connection. */
    private static EmbeddedChannel accepting(Side acceptor) {
        return new EmbeddedChannel(new PeerConnection(acceptor, null, PeerTimings.DEFAULT));
    }

    /**
     * A dialing side ({@code a}, its connection {@code out}) and an accepting side ({@code b}) that
     * have exchanged everything they had to say; closing releases what both still hold.
     */
    private record Link(PeerConnection out, EmbeddedChannel a, EmbeddedChannel b) implements AutoCloseable {
        static Link handshake(Side dialer, Side acceptor) {
            PeerConnection out = new PeerConnection(dialer, acceptor.node, PeerTimings.DEFAULT);
            Link link = new Link(out, new EmbeddedChannel(out), accepting(acceptor));
            converse(link.a, link.b);
            return link;
        }

        @Override
        public void close() {
            a.finishAndReleaseAll();
            b.finishAndReleaseAll();
        }
    }

    @Test
    void bothSidesAuthenticateAndEntriesArrive() {
        Side dialer = new Side("lb1", "lb2", SECRET);
        Side acceptor = new Side("lb2", "lb1", SECRET);
        try (Link link = Link.handshake(dialer, acceptor)) {
            assertThat(dialer.opened).isTrue();
            assertThat(acceptor.opened).isTrue();
            AdminEntry entry = new AdminEntry("be", "s1", Shared.WEIGHT, 7, new Stamp(42, "lb1"));
            link.out.send(List.of(entry));
            converse(link.a, link.b);
            assertThat(acceptor.received).containsExactly(entry);
        }
    }

    @Test
    void aWrongSecretIsRefusedOnBothSides() {
        Side dialer = new Side("lb1", "lb2", PeerSecret.of("another-secret-of-sixteen-bytes", null));
        Side acceptor = new Side("lb2", "lb1", SECRET);
        try (Link link = Link.handshake(dialer, acceptor)) {
            assertThat(dialer.opened || acceptor.opened).isFalse();
            assertThat(dialer.closedBecause).isEqualTo("authentication failed: wrong shared secret");
            assertThat(acceptor.closedBecause).isEqualTo("the peer says: authentication failed: wrong shared secret");
        }
    }

    @Test
    void anUnknownPeerNameIsRefusedBeforeAnyProof() {
        Side dialer = new Side("lb3", "lb2", SECRET);
        Side acceptor = new Side("lb2", "lb1", SECRET);
        try (Link link = Link.handshake(dialer, acceptor)) {
            assertThat(acceptor.closedBecause).isEqualTo("no peer 'lb3'");
            assertThat(dialer.closedBecause).isEqualTo("the peer says: no peer 'lb3'");
        }
    }

    @Test
    void somethingElseOnThePortIsClosedWithItsFirstBytes() {
        Side acceptor = new Side("lb2", "lb1", SECRET);
        EmbeddedChannel b = accepting(acceptor);
        b.writeInbound(Unpooled.copiedBuffer("HAProxyS 2.1\nlb1\n", StandardCharsets.US_ASCII));
        assertThat(b.isOpen()).isFalse();
        assertThat(acceptor.closedBecause).isEqualTo("not lbgate's peer protocol (first bytes 'HAProxyS 2.1\\x0alb1\\x0a')");
        b.finishAndReleaseAll();
    }

    @Test
    void anOversizedFrameBeforeAuthenticationIsRefusedWithoutReadingIt() {
        Side acceptor = new Side("lb2", "lb1", SECRET);
        EmbeddedChannel b = accepting(acceptor);
        b.writeInbound(Unpooled.buffer().writeBytes(PeerFrames.GREETING).writeInt(1_000_000));
        assertThat(b.isOpen()).isFalse();
        assertThat(acceptor.closedBecause).isEqualTo("malformed: frame length 1000000 (expected: 1..1024)");
        b.finishAndReleaseAll();
    }

    @Test
    void anAlteredFrameAfterTheHandshakeClosesTheLink() {
        Side dialer = new Side("lb1", "lb2", SECRET);
        Side acceptor = new Side("lb2", "lb1", SECRET);
        try (Link link = Link.handshake(dialer, acceptor)) {
            link.out.send(List.of(new AdminEntry("be", "s1", Shared.ADMIN_STATE, 2, new Stamp(1, "lb1"))));
            ByteBuf frame = link.a.readOutbound();
            frame.setByte(frame.writerIndex() - 40, frame.getByte(frame.writerIndex() - 40) ^ 1);
            link.b.writeInbound(frame);
            assertThat(acceptor.received).isEmpty();
            assertThat(acceptor.closedBecause).isEqualTo("malformed: a frame's MAC does not match (altered or injected)");
        }
    }
}
