package com.velure.auth.password;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Argon2CostTest {

    @Test
    void defaultsAreOwaspsFirstRecommendation() {
        assertEquals("m=19456,t=2,p=1", defaults().toString());
    }

    /** The cost {@link Argon2Settings} gives when nothing is configured: its annotation defaults. */
    static Argon2Cost defaults() {
        return new Argon2Cost(defaultOf("memoryKib"), defaultOf("iterations"), defaultOf("parallelism"));
    }

    private static int defaultOf(String field) {
        try {
            return Integer.parseInt(Argon2Settings.class.getDeclaredField(field).getAnnotation(ConfigProperty.class).defaultValue());
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesParametersArgon2CannotUseOrNoRequestShouldPay() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(16, 1, 4)); // < 8 KiB per lane
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(1024, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(1024, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(8 * 1024 * 1024, 1, 1));
    }
}
