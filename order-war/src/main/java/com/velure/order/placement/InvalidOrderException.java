package com.velure.order.placement;

import java.util.Map;

/** A create-order request that cannot be accepted as sent: a message and the offending fields. */
public class InvalidOrderException extends RuntimeException {

    private final transient Map<String, String> fields;

    public InvalidOrderException(String message, Map<String, String> fields) {
        super(message);
        this.fields = Map.copyOf(fields);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
