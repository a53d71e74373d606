package com.velure.auth.password;

import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}
 * (salt and hash in unpadded standard Base64), so that every stored hash carries the parameters
 * it was made with and old hashes stay verifiable after the configuration changes.
 */
public record PhcHash(Argon2Cost cost, byte[] salt, byte[] hash) {

    /** Argon2 version 1.3, the only one written. */
    public static final int VERSION = 0x13;

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=(\\d+)\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,128})\\$([A-Za-z0-9+/]{16,512})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    public PhcHash {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Parses a stored hash; throws IllegalArgumentException for anything but an Argon2id v1.3 PHC string. */
    public static PhcHash parse(String phc) {
        Matcher parts = FORMAT.matcher(phc == null ? "" : phc);
        if (!parts.matches()) {
            throw new IllegalArgumentException("not an Argon2id PHC string");
        }
        if (Integer.parseInt(parts.group(1)) != VERSION) {
            throw new IllegalArgumentException("unsupported Argon2 version " + parts.group(1));
        }
        try {
            Argon2Cost cost = new Argon2Cost(Integer.parseInt(parts.group(2)), Integer.parseInt(parts.group(3)),
                    Integer.parseInt(parts.group(4)));
            return new PhcHash(cost, DECODER.decode(parts.group(5)), DECODER.decode(parts.group(6)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Argon2 parameter out of range", e);
        }
    }

    public String format() {
        return "$argon2id$v=" + VERSION + "$" + cost + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhcHash that && cost.equals(that.cost) && Arrays.equals(salt, that.salt)
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * cost.hashCode() + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PhcHash[" + cost + "]"; // never the hash itself in a log line
    }
}
