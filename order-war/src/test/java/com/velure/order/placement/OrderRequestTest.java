package com.velure.order.placement;

import com.velure.platform.web.InvalidInput;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderRequestTest {

    @Test
    void readsAnItemsObjectAndABareArrayAlikeIgnoringClientNamesAndPrices() {
        OrderRequest object = OrderRequest.parse(json("{\"items\":[{\"product_id\":\"12\",\"quantity\":2,\"price\":0.01,\"name\":\"x\"},"
                + "{\"product_id\":7,\"quantity\":100}]}"));
        OrderRequest array = OrderRequest.parse(json("[{\"product_id\":\"12\",\"quantity\":2},{\"product_id\":\"7\",\"quantity\":100}]"));
        assertEquals(List.of(new OrderRequest.Line("12", 2), new OrderRequest.Line("7", 100)), object.lines());
        assertEquals(object, array);
        assertEquals(object.fingerprint(), array.fingerprint());
        assertEquals(List.of("12", "7"), object.productIds());
    }

    @Test
    void theFingerprintChangesWithAnyIdOrQuantity() {
        String base = OrderRequest.parse(json("[{\"product_id\":\"12\",\"quantity\":2}]")).fingerprint();
        assertNotEquals(base, OrderRequest.parse(json("[{\"product_id\":\"12\",\"quantity\":3}]")).fingerprint());
        assertNotEquals(base, OrderRequest.parse(json("[{\"product_id\":\"122\",\"quantity\":2}]")).fingerprint());
        assertEquals(64, base.length());
    }

    @Test
    void namesEveryOffendingField() {
        InvalidInput error = assertThrows(InvalidInput.class, () -> OrderRequest.parse(json(
                "[{\"product_id\":\"1\",\"quantity\":0},{\"quantity\":1},\"x\",{\"product_id\":\"1\",\"quantity\":101},"
                        + "{\"product_id\":\"2\",\"quantity\":1.5},{\"product_id\":-3,\"quantity\":1},{\"product_id\":\" \",\"quantity\":1}]")));
        assertEquals("invalid order", error.getMessage());
        assertEquals(List.of("items[0].quantity", "items[1].product_id", "items[2]", "items[3].product_id", "items[3].quantity",
                "items[4].quantity", "items[5].product_id", "items[6].product_id"), error.fields().keySet().stream().sorted().toList());
    }

    @Test
    void acceptsOneToFiftyLinesOfOneToAHundredEach() {
        assertEquals(50, OrderRequest.parse(lines(50, 100)).lines().size());
        assertTrue(assertThrows(InvalidInput.class, () -> OrderRequest.parse(lines(51, 1))).getMessage().startsWith("too many items"));
        assertEquals("order has no items", assertThrows(InvalidInput.class, () -> OrderRequest.parse(json("[]"))).getMessage());
        assertEquals("order has no items", assertThrows(InvalidInput.class, () -> OrderRequest.parse(json("{\"items\":{}}"))).getMessage());
        assertEquals("order has no items", assertThrows(InvalidInput.class, () -> OrderRequest.parse(json("42"))).getMessage());
    }

    private static JsonValue lines(int count, int quantity) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"product_id\":\"").append(i).append("\",\"quantity\":").append(quantity).append('}');
        }
        return json(body.append(']').toString());
    }

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
