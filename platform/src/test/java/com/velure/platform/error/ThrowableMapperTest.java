package com.velure.platform.error;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThrowableMapperTest {

    @Test
    void aBodyNestedDeeperThanTheParserAllowsIsMalformedJsonNotAnUnexpectedFailure() {
        // create-order reads a JsonValue: 1500 nested objects were a 500 before
        String deep = "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> {
            try (JsonReader reader = Json.createReader(new StringReader(deep))) {
                reader.readValue();
            }
        });
        assertTrue(ThrowableMapper.isMalformedJson(refused), refused::toString);
        assertTrue(ThrowableMapper.isMalformedJson(new IllegalStateException("reading the body", refused)));
    }

    @Test
    void otherFailuresAreNotBlamedOnTheBody() {
        assertFalse(ThrowableMapper.isMalformedJson(new RuntimeException("boom")));
        assertFalse(ThrowableMapper.isMalformedJson(new IllegalStateException("no")));
    }
}
