package com.velure.platform.web;

import java.util.Map;

/**
 * Input a resource cannot use, with what is wrong per field or parameter as the client named it.
 * Thrown by resources and platform parsers, answered 400 with {@code "fields"} by
 * {@link com.velure.platform.error.InvalidInputMapper}; services and domain types never see HTTP.
 */
public class InvalidInput extends RuntimeException {

    private final Map<String, String> fields;

    public InvalidInput(String message, Map<String, String> fields) {
        super(message);
        this.fields = Map.copyOf(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** Throws when {@code problems} holds anything. */
    public static void throwIfAny(String message, Map<String, String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(message, problems);
        }
    }
}
