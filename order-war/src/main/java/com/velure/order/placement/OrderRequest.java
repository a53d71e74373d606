package com.velure.order.placement;

import com.velure.platform.web.InvalidInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client asked to order: product ids and quantities, nothing else. Client-sent names and
 * prices are ignored on purpose; they come from the catalog. Accepts {@code {"items":[...]}} and a
 * bare array, as existing clients send both.
 *
 * <p>Read from the JSON value rather than bound to a record: the body has two shapes, and JSON-B
 * (Yasson) would silently turn a quantity of {@code "3"} or {@code 2.5} into 3 or 2, where the API
 * answers 400 naming {@code items[i].quantity}.
 */
public record OrderRequest(List<Line> lines) {

    public static final int MAX_LINES = 50;
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 100;
    static final int MAX_PRODUCT_ID_LENGTH = 64;

    /** One requested line. */
    public record Line(String productId, int quantity) {
    }

    /** Reads and checks a request body; every problem found is named in the exception's fields. */
    public static OrderRequest parse(JsonValue body) {
        JsonArray items = items(body);
        if (items.isEmpty()) {
            throw new InvalidInput("order has no items",
                    Map.of("items", "must contain 1 to " + MAX_LINES + " items"));
        }
        if (items.size() > MAX_LINES) {
            throw new InvalidInput("too many items: at most " + MAX_LINES + " lines per order",
                    Map.of("items", "must contain 1 to " + MAX_LINES + " items, got " + items.size()));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "items[" + i + "]";
            if (!(items.get(i) instanceof JsonObject item)) {
                problems.put(at, "must be an object {product_id, quantity}");
                continue;
            }
            String productId = productId(item.get("product_id"));
            Integer quantity = quantity(item.get("quantity"));
            if (productId == null) {
                problems.put(at + ".product_id", "required: the product's id (1 to " + MAX_PRODUCT_ID_LENGTH + " characters)");
            } else if (!seen.add(productId)) {
                problems.put(at + ".product_id", "product " + productId + " appears more than once: send one line per product");
            }
            if (quantity == null) {
                problems.put(at + ".quantity", "must be a whole number from " + MIN_QUANTITY + " to " + MAX_QUANTITY);
            }
            if (productId != null && quantity != null) {
                lines.add(new Line(productId, quantity));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput("invalid order", problems);
        }
        return new OrderRequest(List.copyOf(lines));
    }

    /** The distinct product ids, in request order. */
    public List<String> productIds() {
        return lines.stream().map(Line::productId).toList();
    }

    /**
     * A digest of what was asked for (ids and quantities, in order): two bodies with the same
     * fingerprint are the same order, whether sent as an object or a bare array, with or without
     * the ignored name/price fields.
     */
    public String fingerprint() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Line line : lines) {
                sha256.update((line.productId() + '\u0000' + line.quantity() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JsonArray items(JsonValue body) {
        if (body instanceof JsonArray array) {
            return array;
        }
        if (body instanceof JsonObject object && object.get("items") instanceof JsonArray array) {
            return array;
        }
        throw new InvalidInput("order has no items",
                Map.of("items", "required: send {\"items\": [{\"product_id\", \"quantity\"}, ...]} or a bare array"));
    }

    private static String productId(JsonValue value) {
        if (value instanceof JsonString text) {
            String id = text.getString().trim();
            return id.isEmpty() || id.length() > MAX_PRODUCT_ID_LENGTH ? null : id;
        }
        if (value instanceof JsonNumber number && number.isIntegral() && number.bigIntegerValue().signum() >= 0
                && number.bigIntegerValue().bitLength() < 64) {
            return number.bigIntegerValue().toString();
        }
        return null;
    }

    private static Integer quantity(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            BigInteger quantity = number.bigIntegerValue();
            if (quantity.compareTo(BigInteger.valueOf(MIN_QUANTITY)) >= 0 && quantity.compareTo(BigInteger.valueOf(MAX_QUANTITY)) <= 0) {
                return quantity.intValue();
            }
        }
        return null;
    }
}
