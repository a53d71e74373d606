package com.velure.auth.account;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialRulesTest {

    private static final String GOOD_PASSWORD = "correct horse";

    @Test
    void acceptsTheBoundaries() {
        assertTrue(CredentialRules.checkRegistration("A", "a@b.co", "x".repeat(8)).isEmpty());
        assertTrue(CredentialRules.checkRegistration("  " + "n".repeat(100) + "  ", "a@b.co", "x".repeat(128)).isEmpty());
        String longest = "l".repeat(64) + "@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(61);
        assertEquals(254, longest.length());
        assertTrue(CredentialRules.checkRegistration("Ann", longest, GOOD_PASSWORD).isEmpty());
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String eightEmoji = "\uD83D\uDC36".repeat(8); // 8 code points, 16 chars
        assertTrue(CredentialRules.checkRegistration("Ann", "a@b.co", eightEmoji).isEmpty());
        assertEquals(Set.of("password"), CredentialRules.checkRegistration("Ann", "a@b.co", "\uD83D\uDC36".repeat(129)).keySet());
    }

    @Test
    void namesEveryOffendingField() {
        assertEquals(Set.of("name", "email", "password"), CredentialRules.checkRegistration(null, null, null).keySet());
        assertEquals(Set.of("name"), CredentialRules.checkRegistration("   ", "a@b.co", GOOD_PASSWORD).keySet());
        assertEquals(Set.of("name"), CredentialRules.checkRegistration("n".repeat(101), "a@b.co", GOOD_PASSWORD).keySet());
        assertEquals(Set.of("password"), CredentialRules.checkRegistration("Ann", "a@b.co", "x".repeat(7)).keySet());
        assertEquals(Set.of("password"), CredentialRules.checkRegistration("Ann", "a@b.co", "x".repeat(129)).keySet());
    }

    @Test
    void refusesNamesPostgreSqlCannotStoreOrThatWouldForgeLogLines() {
        // A NUL reached the INSERT and PostgreSQL's "invalid byte sequence" became a 500.
        for (String name : new String[]{"Ann\u0000", "a\u0000b", "Ann\nSEVERE: forged", "An\rn", "\u0007Ann", "Ann\u009B", "Ann\uD800",
                "\uDC00Ann"}) {
            assertEquals(Set.of("name"), CredentialRules.checkRegistration(name, "a@b.co", GOOD_PASSWORD).keySet(), name);
        }
        assertTrue(CredentialRules.checkRegistration("Zoë \u202Eو\u0301 \uD83D\uDC36", "a@b.co", GOOD_PASSWORD).isEmpty(),
                "any other text is a name");
    }

    @Test
    void refusesWhatIsNotAnEmailAddress() {
        for (String email : new String[]{"", "plain", "a@b", "@b.co", "a@.co", "a b@c.co", "a@b..co", "a@-b.co", "a@b.co.",
                "a@b_c.co", "l".repeat(65) + "@b.co", "a@" + "d".repeat(250) + ".co"}) {
            assertEquals(Set.of("email"), CredentialRules.checkRegistration("Ann", email, GOOD_PASSWORD).keySet(), email);
        }
    }

    @Test
    void normalisesEmailToTrimmedLowerCase() {
        assertEquals("ann@shop.example", CredentialRules.normaliseEmail("  Ann@Shop.EXAMPLE \t"));
        assertTrue(CredentialRules.checkRegistration("Ann", " Ann@Shop.Example ", GOOD_PASSWORD).isEmpty());
    }

    @Test
    void loginRefusesOnlyShapesNoAccountCanHave() {
        assertTrue(CredentialRules.checkLogin("a@b.co", "short").isEmpty(), "a wrong password is the verifier's business");
        assertEquals(Set.of("password"), CredentialRules.checkLogin("a@b.co", "").keySet());
        assertEquals(Set.of("password"), CredentialRules.checkLogin("a@b.co", "x".repeat(129)).keySet());
        assertEquals(Set.of("email", "password"), CredentialRules.checkLogin(null, null).keySet());
    }
}
