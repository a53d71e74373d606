package com.velure.order.ledger;

import com.velure.platform.web.InvalidInput;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Order ids as clients send them: a canonical UUID, or {@link InvalidInput} naming the parameter. */
public final class OrderId {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private OrderId() {
    }

    /** The id in {@code raw}; {@link InvalidInput} naming {@code parameter} when it is missing or not an order id. */
    public static UUID parse(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput(parameter + " is required", Map.of(parameter, "required"));
        }
        if (!CANONICAL.matcher(raw.trim()).matches()) {
            throw new InvalidInput(parameter + " must be an order id (a UUID)", Map.of(parameter, "must be an order id (a UUID)"));
        }
        return UUID.fromString(raw.trim());
    }
}
