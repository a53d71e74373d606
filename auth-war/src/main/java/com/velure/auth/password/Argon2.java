package com.velure.auth.password;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;

/**
 * Argon2id itself: the CPU- and memory-hard part, nothing else. It runs in the reference C
 * implementation (libargon2, bundled for common platforms by argon2-jvm and called through JNA)
 * because hashing bounds sign-up and sign-in throughput: the C code took 32-33 ms of CPU per
 * production hash, run after run, where Bouncy Castle's pure Java, used before, took 39 to 86 ms
 * depending on how the JIT compiled it (auth-war/README.md, Tests). Its memory is allocated and
 * freed outside the Java heap, so 19 MiB per hash no longer churns the garbage collector. The
 * bytes are the same, so stored hashes keep verifying.
 */
public final class Argon2 {

    /** Stateless and thread safe: each call allocates its own memory in C. */
    private static final Argon2Advanced ARGON2ID = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);

    private Argon2() {
    }

    /** Derives {@code length} bytes from the password (Argon2 version 1.3); costs what {@code cost} says in CPU and memory. */
    public static byte[] derive(Argon2Cost cost, byte[] salt, byte[] password, int length) {
        return ARGON2ID.pbkdf(cost.iterations(), cost.memoryKib(), cost.parallelism(), password, salt, length);
    }
}
