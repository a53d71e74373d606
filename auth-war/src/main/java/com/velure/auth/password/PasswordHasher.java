package com.velure.auth.password;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Hashes and verifies passwords with Argon2id at the configured cost ({@link Argon2Settings}),
 * stores them as PHC strings and says when a stored hash was made
 * with other parameters and should be replaced. Every hash waits its turn in {@link HashingQueue}.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class.getName());
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    @Inject
    HashingQueue queue;

    @Inject
    @ConfigProperties
    Argon2Settings settings;

    private Argon2Cost cost;
    /** Verified against when the account does not exist, so that both answers cost the same. */
    private String dummyHash;

    @PostConstruct
    void configure() {
        cost = settings.cost();
        byte[] salt = randomBytes(SALT_BYTES);
        dummyHash = new PhcHash(cost, salt, Argon2.derive(cost, salt, randomBytes(16), HASH_BYTES)).format();
        LOG.info(() -> "Passwords are hashed with Argon2id " + cost + ", at most " + queue.width() + " at a time");
    }

    /** A new PHC string for the password, with a fresh random salt, hashed with the given precedence. */
    public String hash(String password, HashingQueue.Priority priority) {
        byte[] salt = randomBytes(SALT_BYTES);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return new PhcHash(cost, salt, queue.run(priority, () -> Argon2.derive(cost, salt, secret, HASH_BYTES))).format();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Whether the password matches the stored hash, compared in constant time. An unreadable
     * stored hash never matches. A null {@code storedHash} (no such account) costs a full
     * verification too, and never matches. Verifying is a sign-in, so it goes before sign-ups.
     */
    public Verification verify(String password, String storedHash) {
        PhcHash stored;
        try {
            stored = PhcHash.parse(storedHash == null ? dummyHash : storedHash);
        } catch (IllegalArgumentException unreadable) {
            LOG.warning("a stored password hash is unreadable: " + unreadable.getMessage());
            stored = PhcHash.parse(dummyHash);
            storedHash = null;
        }
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] expected = stored.hash();
        PhcHash against = stored;
        try {
            byte[] actual = queue.run(HashingQueue.Priority.SIGN_IN,
                    () -> Argon2.derive(against.cost(), against.salt(), secret, expected.length));
            boolean matches = MessageDigest.isEqual(actual, expected) && storedHash != null;
            return new Verification(matches, matches && !stored.cost().equals(cost));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The outcome of a verification: whether it matched and whether the hash should be redone at today's cost. */
    public record Verification(boolean matches, boolean needsRehash) {
    }
}
