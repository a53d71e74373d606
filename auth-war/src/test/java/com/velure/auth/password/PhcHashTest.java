package com.velure.auth.password;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhcHashTest {

    /** Made with the reference implementation: {@code echo -n password | argon2 somesaltsomesalt -id -t 2 -m 10 -p 1 -l 32 -e}. */
    private static final String REFERENCE_1 = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CKGe5/bX9YnCq2rxjW5yQXKxn31v1GKzhDCrMc6r6vA";
    /** {@code echo -n "correct horse" | argon2 0123456789abcdef -id -t 1 -k 1024 -p 2 -l 32 -e}. */
    private static final String REFERENCE_2 = "$argon2id$v=19$m=1024,t=1,p=2$MDEyMzQ1Njc4OWFiY2RlZg$VBd2shc2OvVxOLu6sBZpMiObqI8Subx6lg+oDGcMSvM";

    @Test
    void derivesWhatTheReferenceImplementationDerives() {
        assertMatchesReference(REFERENCE_1, "password");
        assertMatchesReference(REFERENCE_2, "correct horse");
    }

    @Test
    void parsesAndFormatsThePhcStringBackUnchanged() {
        PhcHash parsed = PhcHash.parse(REFERENCE_1);
        assertEquals(new Argon2Cost(1024, 2, 1), parsed.cost());
        assertArrayEquals("somesaltsomesalt".getBytes(StandardCharsets.US_ASCII), parsed.salt());
        assertEquals(REFERENCE_1, parsed.format());
    }

    @Test
    void refusesAnythingButArgon2idVersion13() {
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(null));
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(REFERENCE_1.replace("argon2id", "argon2i")));
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(REFERENCE_1.replace("v=19", "v=16")));
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(REFERENCE_1.replace("m=1024", "m=4")));
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse(REFERENCE_1.replace("t=2", "t=99999999")));
        assertThrows(IllegalArgumentException.class, () -> PhcHash.parse("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"));
    }

    @Test
    void neverShowsTheHashInItsToString() {
        assertEquals("PhcHash[m=1024,t=2,p=1]", PhcHash.parse(REFERENCE_1).toString());
    }

    private static void assertMatchesReference(String reference, String password) {
        PhcHash expected = PhcHash.parse(reference);
        byte[] derived = Argon2.derive(expected.cost(), expected.salt(), password.getBytes(StandardCharsets.UTF_8), 32);
        assertEquals(reference, new PhcHash(expected.cost(), expected.salt(), derived).format());
    }
}
