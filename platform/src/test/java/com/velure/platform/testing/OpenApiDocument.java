package com.velure.platform.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A service's own {@code /openapi} document, held against real replies: clients generate their
 * code from it, so every status a test sees must be documented for that operation, and a JSON
 * body must have the documented shape (no undocumented field, every required field present,
 * JSON types as declared, recursively through {@code $ref}, arrays and maps).
 */
public final class OpenApiDocument {

    private final JsonObject document;

    private OpenApiDocument(JsonObject document) {
        this.document = document;
    }

    /** Reads the document the running service at {@code base} serves, as JSON. */
    public static OpenApiDocument of(URI base) {
        Http.Reply reply = new Http(base).get("/openapi", "Accept", "application/json");
        assertEquals(200, reply.status(), "GET /openapi");
        try (var reader = Json.createReader(new StringReader(reply.body()))) {
            return new OpenApiDocument(reader.readObject());
        }
    }

    /** A title, a version, and the bearer (JWT) security scheme the protected operations name. */
    public OpenApiDocument assertDescribesItself() {
        JsonObject info = document.getJsonObject("info");
        assertFalse(info == null || info.getString("title", "").isBlank(), "info.title");
        assertFalse(info.getString("version", "").isBlank(), "info.version");
        JsonObject schemes = object(object(document, "components"), "securitySchemes");
        assertTrue(schemes.values().stream().map(JsonValue::asJsonObject)
                        .anyMatch(s -> "http".equals(s.getString("type", "")) && "bearer".equalsIgnoreCase(s.getString("scheme", ""))),
                "a bearer security scheme in components.securitySchemes: " + schemes);
        return this;
    }

    /**
     * Fails unless {@code reply} is documented for {@code method} on the path template that
     * {@code path} (query string allowed) matches, with its JSON body in the documented shape.
     */
    public OpenApiDocument assertDescribes(String method, String path, Http.Reply reply) {
        String where = method + " " + path + " → " + reply.status();
        JsonObject operation = operation(method, path.split("\\?", 2)[0], where);
        JsonObject responses = object(operation, "responses");
        JsonValue response = responses.get(String.valueOf(reply.status()));
        if (response == null) {
            fail(where + ": status not documented; documented: " + responses.keySet());
        }
        JsonObject documented = resolve(response.asJsonObject());
        String type = reply.header("Content-Type");
        if (reply.body().isBlank() || type == null || !type.contains("json")) {
            return this;
        }
        JsonObject content = object(documented, "content");
        JsonObject json = content.entrySet().stream().filter(e -> e.getKey().contains("json"))
                .map(e -> e.getValue().asJsonObject()).findFirst()
                .orElseGet(() -> fail(where + ": no JSON content documented, only " + content.keySet()));
        List<String> problems = new ArrayList<>();
        check(object(json, "schema"), reply.structure(), "body", problems);
        if (!problems.isEmpty()) {
            fail(where + ": the body does not match the documented schema:\n  " + String.join("\n  ", problems)
                    + "\nbody: " + reply.body());
        }
        return this;
    }

    private JsonObject operation(String method, String path, String where) {
        JsonObject paths = object(document, "paths");
        for (Map.Entry<String, JsonValue> item : paths.entrySet()) {
            if (path.matches(template(item.getKey()))) {
                JsonValue operation = item.getValue().asJsonObject().get(method.toLowerCase(Locale.ROOT));
                if (operation != null) {
                    return operation.asJsonObject();
                }
            }
        }
        return fail(where + ": no such operation in /openapi; paths: " + paths.keySet());
    }

    /** {@code /api/product/{id}} → a regex that matches concrete paths. */
    private static String template(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : java.util.regex.Pattern.quote(part));
        }
        return regex.toString();
    }

    private void check(JsonObject schema, JsonValue value, String at, List<String> problems) {
        schema = resolve(schema);
        if (schema.containsKey("allOf")) {
            for (JsonValue part : schema.getJsonArray("allOf")) {
                check(part.asJsonObject(), value, at, problems);
            }
            return;
        }
        for (String choice : new String[]{"oneOf", "anyOf"}) {
            if (schema.containsKey(choice)) {
                for (JsonValue option : schema.getJsonArray(choice)) {
                    List<String> tried = new ArrayList<>();
                    check(option.asJsonObject(), value, at, tried);
                    if (tried.isEmpty()) {
                        return;
                    }
                }
                problems.add(at + ": matches none of " + choice);
                return;
            }
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (!schema.getBoolean("nullable", false)) {
                problems.add(at + ": null, but the schema is not nullable");
            }
            return;
        }
        String type = schema.getString("type", schema.containsKey("properties") ? "object" : "");
        switch (type) {
            case "object" -> checkObject(schema, value, at, problems);
            case "array" -> {
                if (!(value instanceof JsonArray array)) {
                    problems.add(at + ": expected an array, got " + value.getValueType());
                    return;
                }
                for (int i = 0; i < array.size(); i++) {
                    check(object(schema, "items"), array.get(i), at + "[" + i + "]", problems);
                }
            }
            case "string" -> expect(value, JsonValue.ValueType.STRING, at, problems);
            case "boolean" -> {
                if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                    problems.add(at + ": expected a boolean, got " + value.getValueType());
                }
            }
            case "integer" -> {
                if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
                    problems.add(at + ": expected an integer, got " + value);
                }
            }
            case "number" -> expect(value, JsonValue.ValueType.NUMBER, at, problems);
            default -> {
                // no type: anything goes (an undescribed schema is caught by the object checks around it)
            }
        }
    }

    private void checkObject(JsonObject schema, JsonValue value, String at, List<String> problems) {
        if (!(value instanceof JsonObject object)) {
            problems.add(at + ": expected an object, got " + value.getValueType());
            return;
        }
        JsonObject properties = schema.getJsonObject("properties");
        JsonValue additional = schema.get("additionalProperties");
        if (properties == null && additional == null) {
            problems.add(at + ": the schema documents no properties (a bare 'type: object')");
            return;
        }
        JsonArray required = schema.getJsonArray("required");
        if (required != null) {
            for (JsonValue name : required) {
                String field = ((jakarta.json.JsonString) name).getString();
                if (!object.containsKey(field)) {
                    problems.add(at + "." + field + ": required, but missing");
                }
            }
        }
        for (Map.Entry<String, JsonValue> field : object.entrySet()) {
            JsonValue property = properties == null ? null : properties.get(field.getKey());
            if (property != null) {
                check(property.asJsonObject(), field.getValue(), at + "." + field.getKey(), problems);
            } else if (additional instanceof JsonObject valueSchema) {
                check(valueSchema, field.getValue(), at + "." + field.getKey(), problems);
            } else if (additional != JsonValue.TRUE) {
                problems.add(at + "." + field.getKey() + ": not documented");
            }
        }
    }

    private static void expect(JsonValue value, JsonValue.ValueType type, String at, List<String> problems) {
        if (value.getValueType() != type) {
            problems.add(at + ": expected " + type.name().toLowerCase(Locale.ROOT) + ", got " + value);
        }
    }

    /** Follows {@code $ref: "#/components/..."} until a definition. */
    private JsonObject resolve(JsonObject schema) {
        for (int hops = 0; schema.containsKey("$ref"); hops++) {
            if (hops > 20) {
                return fail("$ref cycle at " + schema);
            }
            String ref = schema.getString("$ref");
            JsonValue target = document;
            for (String step : ref.substring(ref.indexOf('#') + 2).split("/")) {
                target = target.asJsonObject().get(step.replace("~1", "/").replace("~0", "~"));
                if (target == null) {
                    return fail("unresolvable $ref " + ref);
                }
            }
            schema = target.asJsonObject();
        }
        return schema;
    }

    private static JsonObject object(JsonObject parent, String name) {
        JsonValue value = parent == null ? null : parent.get(name);
        if (!(value instanceof JsonObject object)) {
            return fail("the document has no '" + name + "' object where expected: " + parent);
        }
        return object;
    }
}
