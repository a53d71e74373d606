package com.velure.auth.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id itself (Bouncy Castle's implementation): the CPU- and memory-hard part, nothing else. */
public final class Argon2 {

    private Argon2() {
    }

    /** Derives {@code length} bytes from the password; costs what {@code cost} says in CPU and memory. */
    public static byte[] derive(Argon2Cost cost, byte[] salt, byte[] password, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
