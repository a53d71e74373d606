package com.velure.auth.password;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Argon2CostTest {

    @Test
    void defaultsAreOwaspsFirstRecommendation() {
        assertEquals("m=19456,t=2,p=1", Argon2Cost.OWASP.toString());
    }

    @Test
    void refusesParametersArgon2CannotUseOrNoRequestShouldPay() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(16, 1, 4)); // < 8 KiB per lane
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(1024, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(1024, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Cost(8 * 1024 * 1024, 1, 1));
    }
}
