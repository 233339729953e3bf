package io.lbgate.peers;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The values of the peer handshake (docs/peers.md, "The link"): random nonces, each side's proof
 * that it knows the shared secret, the connection's own key, and the MAC of an authenticated frame.
 * Each HMAC input starts with a label of its purpose, so no value can be replayed as another.
 */
final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SERVER = PeerSecret.utf8("lbgate-peers server proof");
    private static final byte[] CLIENT = PeerSecret.utf8("lbgate-peers client proof");
    private static final byte[] SESSION = PeerSecret.utf8("lbgate-peers session key");

    private Handshake() {
    }

    static byte[] nonce() {
        byte[] n = new byte[PeerFrames.NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The acceptor's proof, sent first; {@code dialer} and {@code acceptor} are the peers' names. */
    static byte[] acceptorProof(PeerSecret secret, String dialer, String acceptor, byte[] dialerNonce,
                                byte[] acceptorNonce) {
        return secret.mac(SERVER, PeerSecret.utf8(dialer), PeerSecret.utf8(acceptor), dialerNonce, acceptorNonce);
    }

    /** The dialler's proof, sent once it checked the acceptor's. */
    static byte[] dialerProof(PeerSecret secret, String dialer, String acceptor, byte[] dialerNonce,
                              byte[] acceptorNonce) {
        return secret.mac(CLIENT, PeerSecret.utf8(dialer), PeerSecret.utf8(acceptor), dialerNonce, acceptorNonce);
    }

    /** The key of this connection's frame MACs: new for every connection, from both nonces. */
    static byte[] sessionKey(PeerSecret secret, byte[] dialerNonce, byte[] acceptorNonce) {
        return secret.mac(SESSION, dialerNonce, acceptorNonce);
    }

    /** @param fromDialer who sent the frame: each direction has its own sequence and MAC domain */
    static byte[] frameMac(byte[] sessionKey, boolean fromDialer, long seq, PeerFrames.Type type, byte[] payload) {
        byte[] header = ByteBuffer.allocate(10).put((byte) (fromDialer ? 'D' : 'A')).putLong(seq)
                .put(type.code()).array();
        return PeerSecret.macWith(sessionKey, header, payload);
    }
}
