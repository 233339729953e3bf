package io.lbgate.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret both nodes of a pair share, which authenticates their link (docs/peers.md: why a
 * shared secret rather than TLS). It comes from the {@code lbgate.peers.secret} property (for
 * example the environment variable {@code LBGATE_PEERS_SECRET}) or from the file named by
 * {@code lbgate.peers.secret-file}; haproxy.cfg has no keyword for it.
 */
final class PeerSecret {
    /** Shorter secrets are refused: 16 bytes of a random string are beyond guessing. */
    static final int MIN_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    private PeerSecret(byte[] key) {
        this.key = key;
    }

    /**
     * @param value the secret itself, or {@code null}
     * @param file  a file holding it (surrounding white space dropped), or {@code null}
     * @throws IllegalArgumentException saying what is missing or wrong, for the log
     */
    static PeerSecret of(String value, String file) {
        String secret = value;
        if ((secret == null || secret.isEmpty()) && file != null && !file.isEmpty()) {
            try {
                secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read lbgate.peers.secret-file " + file + ": " + e);
            }
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no shared secret: set LBGATE_PEERS_SECRET (lbgate.peers.secret) or"
                    + " lbgate.peers.secret-file to the same value on every node");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("the shared secret has " + bytes.length + " bytes (expected: at least "
                    + MIN_BYTES + ")");
        }
        return new PeerSecret(bytes);
    }

    /** HMAC-SHA256 of the parts under the shared secret. */
    byte[] mac(byte[]... parts) {
        return macWith(key, parts);
    }

    static byte[] macWith(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                // Each part is length-prefixed so that ("ab","c") and ("a","bc") never give the same MAC.
                mac.update(new byte[] {(byte) (part.length >>> 8), (byte) part.length});
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Compares in constant time. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
