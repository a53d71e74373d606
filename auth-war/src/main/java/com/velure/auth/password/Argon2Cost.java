package com.velure.auth.password;

/** The cost of one Argon2id hash: memory in KiB, passes over it, and lanes. */
public record Argon2Cost(int memoryKib, int iterations, int parallelism) {

    public Argon2Cost {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1-16, was " + parallelism);
        }
        if (iterations < 1 || iterations > 100_000) {
            throw new IllegalArgumentException("Argon2 iterations must be 1-100000, was " + iterations);
        }
        // Argon2 needs 8 KiB per lane; 4 GiB is far beyond anything a request should spend.
        if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 memory must be " + 8 * parallelism + " KiB-4 GiB, was " + memoryKib);
        }
    }

    @Override
    public String toString() {
        return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
    }
}
