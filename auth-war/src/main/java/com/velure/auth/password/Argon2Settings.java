package com.velure.auth.password;

import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Argon2id cost new hashes are made with. The defaults are OWASP's first recommendation
 * (19 MiB, 2 passes, 1 lane); lower them only for a load test of the rest of the system. Stored
 * hashes keep the cost they were made with and are redone at the user's next login after a change.
 */
@ConfigProperties(prefix = "velure.auth.argon2")
public class Argon2Settings {

    @ConfigProperty(name = "memory-kib", defaultValue = "19456")
    int memoryKib;

    @ConfigProperty(name = "iterations", defaultValue = "2")
    int iterations;

    @ConfigProperty(name = "parallelism", defaultValue = "1")
    int parallelism;

    public Argon2Cost cost() {
        return new Argon2Cost(memoryKib, iterations, parallelism);
    }
}
