package com.velure.order.order;

import jakarta.ws.rs.BadRequestException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Order ids as clients send them: a canonical UUID, or a 400. */
public final class OrderId {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private OrderId() {
    }

    /** The id in {@code raw}; a 400 naming {@code parameter} when it is missing or not an order id. */
    public static UUID parse(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            throw new BadRequestException(parameter + " is required");
        }
        if (!CANONICAL.matcher(raw.trim()).matches()) {
            throw new BadRequestException(parameter + " must be an order id (a UUID)");
        }
        return UUID.fromString(raw.trim());
    }
}
