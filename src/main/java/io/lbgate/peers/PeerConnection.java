package io.lbgate.peers;

import io.lbgate.peers.PeerFrames.ProtocolException;
import io.lbgate.peers.PeerFrames.Type;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection between two peers, either side: the greeting, the mutual challenge-response
 * handshake over the shared secret, then authenticated frames (each with a sequence number and an
 * HMAC under a key of this connection only) carrying admin-state entries and pings. Anything that
 * does not follow the protocol closes the connection with a reason for the log; nothing read
 * before authentication is acted on. States move forward only: GREETING → (AWAIT_HELLO |
 * AWAIT_CHALLENGE) → AWAIT_AUTH (acceptor) → OPEN → CLOSED.
 *
 * <p>Runs on its channel's event loop; {@link #send} may be called from any thread.
 */
final class PeerConnection extends ByteToMessageDecoder {
    enum State { GREETING, AWAIT_HELLO, AWAIT_CHALLENGE, AWAIT_AUTH, OPEN, CLOSED }

    /** What a connection needs from the links and tells them. */
    interface Owner {
        String node();

        PeerSecret secret();

        /** Why {@code name} may not connect here, or {@code null} when it is one of this node's peers. */
        String refusal(String name);

        void opened(PeerConnection connection);

        void received(PeerConnection connection, List<AdminEntry> entries);

        /** The connection ended; {@code reason} says why, {@code wasOpen} whether it had authenticated. */
        void closed(PeerConnection connection, String reason, boolean wasOpen);
    }

    private final Owner owner;
    private final boolean dialer;
    private final PeerTimings timings;
    private ChannelHandlerContext ctx;
    private State state = State.GREETING;
    private String peer;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private byte[] sessionKey;
    private long sent;
    private long expected;
    private boolean greetingSent;
    private String closeReason;
    private boolean wasOpen;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> pinger;

    /** @param peer the peer dialled, {@code null} on the accepting side (it names itself in its hello) */
    PeerConnection(Owner owner, String peer, PeerTimings timings) {
        this.owner = owner;
        this.dialer = peer != null;
        this.peer = peer;
        this.timings = timings;
    }

    /** The peer's name; {@code null} on the accepting side before its hello. */
    String peer() {
        return peer;
    }

    boolean dialer() {
        return dialer;
    }

    State state() {
        return state;
    }

    SocketAddress remoteAddress() {
        return ctx == null ? null : ctx.channel().remoteAddress();
    }

    String remoteDisplay() {
        SocketAddress a = remoteAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() + ":" + i.getPort() : String.valueOf(a);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        handshakeTimer = ctx.executor().schedule(() -> fail("no complete handshake within "
                + timings.handshake().toMillis() + " ms"), timings.handshake().toMillis(), TimeUnit.MILLISECONDS);
        if (dialer) {
            clientNonce = Handshake.nonce();
            ByteBuf body = ctx.alloc().buffer();
            try {
                PeerFrames.writeString(body, owner.node());
                PeerFrames.writeString(body, peer);
                body.writeBytes(clientNonce);
                write(Type.HELLO, ByteBufUtil.getBytes(body));
            } finally {
                body.release();
            }
        }
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (state != State.CLOSED && in.isReadable()) {
                if (state == State.GREETING) {
                    if (!greeting(in)) {
                        return;
                    }
                    continue;
                }
                if (in.readableBytes() < 4) {
                    return;
                }
                int length = in.getInt(in.readerIndex());
                int limit = state == State.OPEN ? PeerFrames.MAX_FRAME : PeerFrames.MAX_HANDSHAKE_FRAME;
                if (length < 1 || length > limit) {
                    throw new ProtocolException("frame length " + length + " (expected: 1.." + limit + ")");
                }
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4);
                ByteBuf frame = in.readSlice(length);
                frame(Type.of(frame.readByte()), frame);
            }
        } catch (ProtocolException e) {
            fail(e instanceof Refused ? e.getMessage() : "malformed: " + e.getMessage());
        }
        if (state == State.CLOSED) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** The peer's first 8 bytes; a stranger (HTTP, HAProxy's peers protocol, a scanner) ends here. */
    private boolean greeting(ByteBuf in) {
        int n = PeerFrames.GREETING.length;
        for (int i = 0; i < Math.min(n, in.readableBytes()); i++) {
            if (in.getByte(in.readerIndex() + i) != PeerFrames.GREETING[i]) {
                fail("not lbgate's peer protocol (first bytes '" + PeerFrames.preview(in) + "')");
                return false;
            }
        }
        if (in.readableBytes() < n) {
            return false;
        }
        in.skipBytes(n);
        state = dialer ? State.AWAIT_CHALLENGE : State.AWAIT_HELLO;
        return true;
    }

    private void frame(Type type, ByteBuf body) {
        switch (state) {
            case AWAIT_HELLO -> hello(expect(type, Type.HELLO, body), body);
            case AWAIT_CHALLENGE -> challenge(expect(type, Type.CHALLENGE, body), body);
            case AWAIT_AUTH -> auth(expect(type, Type.AUTH, body), body);
            case OPEN -> authenticated(type, body);
            default -> throw new ProtocolException("frame in state " + state);
        }
    }

    private Type expect(Type type, Type wanted, ByteBuf body) {
        if (type == Type.REFUSE) {
            throw new Refused("the peer says: " + PeerFrames.readString(body));
        }
        if (type != wanted) {
            throw new ProtocolException(type + " frame where " + wanted + " was expected");
        }
        return type;
    }

    /** Accepting side: who is calling, and whether it is one of ours. */
    private void hello(Type type, ByteBuf body) {
        String from = PeerFrames.readString(body);
        String to = PeerFrames.readString(body);
        clientNonce = PeerFrames.readBytes(body, PeerFrames.NONCE_BYTES);
        String why = !to.equals(owner.node()) ? "it asked for peer '" + to + "', this node is '" + owner.node() + "'"
                : owner.refusal(from);
        if (why != null) {
            refuse(why);
            return;
        }
        peer = from;
        serverNonce = Handshake.nonce();
        byte[] proof = Handshake.acceptorProof(owner.secret(), from, to, clientNonce, serverNonce);
        write(Type.CHALLENGE, ByteBuffer.allocate(serverNonce.length + proof.length).put(serverNonce).put(proof)
                .array());
        state = State.AWAIT_AUTH;
    }

    /** Dialling side: the acceptor proves it knows the secret; then this side proves it. */
    private void challenge(Type type, ByteBuf body) {
        serverNonce = PeerFrames.readBytes(body, PeerFrames.NONCE_BYTES);
        byte[] proof = PeerFrames.readBytes(body, PeerFrames.MAC_BYTES);
        if (!PeerSecret.same(proof, Handshake.acceptorProof(owner.secret(), owner.node(), peer, clientNonce,
                serverNonce))) {
            // Said to the acceptor too, so that both logs name the cause.
            refuse("authentication failed: wrong shared secret");
            return;
        }
        write(Type.AUTH, Handshake.dialerProof(owner.secret(), owner.node(), peer, clientNonce, serverNonce));
        open();
    }

    private void auth(Type type, ByteBuf body) {
        byte[] proof = PeerFrames.readBytes(body, PeerFrames.MAC_BYTES);
        byte[] expectedProof = Handshake.dialerProof(owner.secret(), peer, owner.node(), clientNonce, serverNonce);
        if (!PeerSecret.same(proof, expectedProof)) {
            refuse("authentication failed: wrong shared secret");
            return;
        }
        open();
    }

    private void open() {
        sessionKey = Handshake.sessionKey(owner.secret(), clientNonce, serverNonce);
        state = State.OPEN;
        wasOpen = true;
        handshakeTimer.cancel(false);
        long every = timings.ping().toMillis();
        pinger = ctx.executor().scheduleAtFixedRate(() -> send(Type.PING, new byte[0]), every, every,
                TimeUnit.MILLISECONDS);
        owner.opened(this);
    }

    private void authenticated(Type type, ByteBuf body) {
        long seq = PeerFrames.need(body, 8).readLong();
        if (body.readableBytes() < PeerFrames.MAC_BYTES) {
            throw new ProtocolException("frame without its MAC");
        }
        byte[] payload = PeerFrames.readBytes(body, body.readableBytes() - PeerFrames.MAC_BYTES);
        byte[] mac = PeerFrames.readBytes(body, PeerFrames.MAC_BYTES);
        if (!PeerSecret.same(mac, Handshake.frameMac(sessionKey, !dialer, seq, type, payload))) {
            throw new ProtocolException("a frame's MAC does not match (altered or injected)");
        }
        if (seq != expected) {
            throw new ProtocolException("frame " + seq + " where " + expected + " was expected (replayed or lost)");
        }
        expected++;
        if (type == Type.STATE) {
            ByteBuf entries = Unpooled.wrappedBuffer(payload);
            try {
                owner.received(this, PeerFrames.readEntries(entries));
            } finally {
                entries.release();
            }
        } else if (type != Type.PING) {
            throw new ProtocolException(type + " frame after the handshake");
        }
    }

    /** The state sent when a link opens: at least one frame, so that the peer knows it has all of it. */
    void sendSnapshot(List<AdminEntry> entries) {
        if (entries.isEmpty()) {
            sendState(List.of());
            return;
        }
        send(entries);
    }

    /** Sends entries in frames of at most {@link PeerFrames#SNAPSHOT_CHUNK} bytes; from any thread. */
    void send(List<AdminEntry> entries) {
        List<AdminEntry> chunk = new ArrayList<>();
        int size = 0;
        for (AdminEntry e : entries) {
            chunk.add(e);
            size += 40 + e.backend().length() * 3 + e.server().length() * 3 + e.stamp().node().length() * 3;
            if (size > PeerFrames.SNAPSHOT_CHUNK) {
                sendState(chunk);
                chunk = new ArrayList<>();
                size = 0;
            }
        }
        if (!chunk.isEmpty()) {
            sendState(chunk);
        }
    }

    private void sendState(List<AdminEntry> chunk) {
        ByteBuf body = Unpooled.buffer();
        try {
            PeerFrames.writeEntries(body, chunk);
            send(Type.STATE, ByteBufUtil.getBytes(body));
        } finally {
            body.release();
        }
    }

    private void send(Type type, byte[] payload) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> send(type, payload));
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        long seq = sent++;
        byte[] body = new byte[8 + payload.length + PeerFrames.MAC_BYTES];
        ByteBuffer.wrap(body).putLong(seq).put(payload).put(Handshake.frameMac(sessionKey, dialer, seq, type, payload));
        write(type, body);
    }

    private void write(Type type, byte[] body) {
        if (!greetingSent) {
            greetingSent = true;
            ctx.write(ctx.alloc().buffer(PeerFrames.GREETING.length).writeBytes(PeerFrames.GREETING));
        }
        ctx.writeAndFlush(PeerFrames.frame(ctx.alloc(), type, body));
    }

    /** Tells the dialler why (so its log says it), then closes. */
    private void refuse(String why) {
        write(Type.REFUSE, refuseBody(why));
        fail(why);
    }

    private static byte[] refuseBody(String why) {
        byte[] text = why.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 512);
        return ByteBuffer.allocate(2 + n).putShort((short) n).put(text, 0, n).array();
    }

    /** Ends the connection for {@code reason}; the first reason is the one logged. */
    void fail(String reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> fail(reason));
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        closeReason = reason;
        state = State.CLOSED;
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            fail("nothing received for " + timings.idle().toMillis() + " ms");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause instanceof java.io.IOException ? cause.getMessage() : "error: " + cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (pinger != null) {
            pinger.cancel(false);
        }
        String reason = closeReason != null ? closeReason
                : state == State.GREETING && !dialer ? "closed before greeting" : "connection closed by the peer";
        state = State.CLOSED;
        super.channelInactive(ctx);
        owner.closed(this, reason, wasOpen);
    }

    /** The other side said why it does not talk to this node. */
    private static final class Refused extends ProtocolException {
        Refused(String message) {
            super(message);
        }
    }
}
