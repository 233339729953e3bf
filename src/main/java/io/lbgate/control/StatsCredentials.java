package io.lbgate.control;

import io.lbgate.config.StatsUser;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a stats user's name and password, cheaply enough to run on every request of the stats page.
 *
 * <ul>
 *   <li>Names match exactly, case included, as HAProxy's {@code stats auth} does.</li>
 *   <li>A clear-text password ({@code stats auth admin:secret}) is compared as SHA-256 digests in
 *       constant time: microseconds, whatever the guess.</li>
 *   <li>A hashed password from application.yml ({@code {bcrypt}...}) costs one slow hash the first
 *       time; a success is then remembered under an HMAC of the name and password with a key made
 *       at start-up, so the browser's later requests (it resends the header each time) cost one
 *       HMAC. The memory holds at most {@value #REMEMBERED} entries; the oldest goes first.</li>
 *   <li>An unknown name does the same work as a known one (a dummy digest comparison, or a dummy
 *       slow hash when hashed users exist), so the time taken does not tell which names exist.</li>
 * </ul>
 * Slow hashes are what a password flood would make the machine do; {@link LoginThrottle} bounds
 * how many a client address can ask for. Thread-safe.
 */
final class StatsCredentials {
    static final int REMEMBERED = 1024;

    private final Map<String, Stored> users = new HashMap<>();
    private final PasswordEncoder encoder;
    private final Stored dummy;
    private final byte[] key = new byte[32];
    private final Map<String, Boolean> verified = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            });

    /** One user's stored password: a digest of clear text, or an encoded hash for {@link #encoder}. */
    private record Stored(byte[] digest, String encoded) {
    }

    StatsCredentials(List<StatsUser> users, PasswordEncoder encoder) {
        this.encoder = encoder;
        new SecureRandom().nextBytes(key);
        String anyHash = null;
        for (StatsUser user : users) {
            String encoded = StatsSecurity.encoded(user.password());
            if (encoded.startsWith("{noop}")) {
                this.users.put(user.name(), new Stored(sha256(encoded.substring("{noop}".length())), null));
            } else {
                this.users.put(user.name(), new Stored(null, encoded));
                anyHash = encoded;
            }
        }
        // When some users have slow hashes, an unknown name pays for one too (against a hash of a
        // random password), or its quick refusal would tell the names apart.
        this.dummy = anyHash == null
                ? new Stored(sha256(randomText()), null)
                : new Stored(null, encoder.encode(randomText()));
    }

    /** @return whether {@code name} is a user and {@code password} is its password */
    boolean matches(String name, String password) {
        Stored stored = users.get(name);
        boolean known = stored != null;
        Stored against = known ? stored : dummy;
        boolean ok;
        if (against.digest() != null) {
            ok = MessageDigest.isEqual(against.digest(), sha256(password));
        } else {
            String remembered = hmac(name, password);
            if (known && verified.containsKey(remembered)) {
                return true;
            }
            ok = encoder.matches(password, against.encoded());
            if (ok && known) {
                verified.put(remembered, Boolean.TRUE);
            }
        }
        return ok && known;
    }

    private String hmac(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return java.util.HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String randomText() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
