package com.velure.platform.testing;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The generators of hostile input, shared by every service's hostile-input test: strings (unicode
 * edge cases, injections, lengths around every limit), JSON number literals at and past the
 * limits, random JSON values, mutated and malformed bodies, query values, path ids and headers.
 * Built on jqwik's arbitraries and sampled from one seeded {@link Random}, so a run is repeated
 * exactly by its seed.
 */
public final class HostileInput {

    private static final int GEN_SIZE = 1000;

    /** Strings a shop's database, logs, HTML pages or headers could choke on. */
    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; DROP TABLE app_user; --", "1; SELECT pg_sleep(10)--", "\" OR \"\"=\"", "1' UNION SELECT password_hash FROM auth.app_user--",
            "%' AND 1=1 AND '%'='", "$$; DELETE FROM product; $$", "\\'; --", "0x27", "admin'--",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "#{7*7}",
            "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/dev/random",
            "a\r\nX-Injected: yes", "a\nSEVERE: forged log line", "\r\n\r\nHTTP/1.1 200 OK", "line1\u2028line2\u2029",
            "dog:* | cat:*", "!(a&b)", "a & b | !c <-> d", "*", "%", "_", "\\", "null", "undefined", "NaN", "true", "[]", "{}");

    /** Characters and sequences at the edges of Unicode and UTF-16. */
    static final List<String> UNICODE = List.of(
            "\u0000", "a\u0000b", "\uD800", "\uDFFF", "\uDC00\uD800", "a\uD83D", "\uD83D\uDE00", "\u202Eevil\u202C", "\u200F\u200E",
            "e\u0301\u0301\u0301\u0301\u0301\u0301", "\uFEFF", "\uFFFE\uFFFF", "\u0085", "\u00A0", "\u3000", "\u180E", "\u200B\u200C\u200D",
            "\u0130\u0131", "\u00DF", "\uFB03", "\u212A", "Ω\u0338", "\u0007\u0008\u001B[31m", "\t", "\u007F", "İstanbul", "עברית",
            "\uD834\uDD1E", "\u0661\u0662", "⁰¹²", "１２３");

    private static final List<String> NUMBERS = List.of(
            "0", "-0", "1", "-1", "0.0", "1.0", "1.5", "0.001", "0.005", "-0.01", "2.499", "100", "101", "50", "51", "99.999",
            "5", "5.0", "5.01", "5.1", "4.95", "1e2", "1E2", "1e+2", "1e-2", "1.0e1", "100e-2", "-1e2", "1e308", "1e309", "-1e309", "1e-400",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "1000000000", "1000000001", "9999999999.99", "10000000000", "12345678901234567890123",
            "1e1000", "1e1000000000", "-1e1000000000", "1e-1000000000", "0.1e2147483647", "4.9e-324", "1.7976931348623157e308",
            "123456789012345678901234567890.123456789", "1" + "0".repeat(400), "0." + "0".repeat(400) + "1");

    private static final List<String> MALFORMED_PERCENT = List.of(
            "%", "%2", "%zz", "%00", "%ED%A0%80", "%C0%80", "%FF%FE", "%E2%80%AE", "%0D%0AX-Injected:%20yes", "%25", "%2F", "%2e%2e%2f",
            "%u0041", "%C3", "%F0%9F%98", "+", "%20", "%09", "a%00b", "%EF%BB%BF1");

    /**
     * Raw characters a URL should never hold unencoded. Not a space or tab: they end the request
     * target, and Grizzly then reads the rest of the request line as an HTTP version it does not
     * support (505, before any application code runs).
     */
    private static final List<String> RAW_URL_JUNK = List.of("<x>", "\"", "{}", "|", "\\", "^", "`", "é", "#frag", "?");

    private final Random random;
    private final RandomGenerator<String> strings;
    private final RandomGenerator<String> numbers;

    public HostileInput(long seed) {
        this.random = new Random(seed);
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001F').ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> surrogates = Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMinLength(1).ofMaxLength(3);
        Arbitrary<String> lengths = Arbitraries.of(1, 2, 7, 8, 63, 64, 65, 99, 100, 101, 127, 128, 129, 200, 201, 253, 254, 255, 256,
                499, 500, 501, 1000, 4999, 5000, 5001, 8000, 15000).flatMap(n -> Arbitraries.of("x", "é", "\uD83D\uDE00", " ", "a@", "9")
                .map(unit -> unit.repeat(n)));
        Arbitrary<String> mixed = Arbitraries.of(INJECTIONS).flatMap(injection -> Arbitraries.of(UNICODE)
                .map(edge -> "Ann " + edge + injection));
        this.strings = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(INJECTIONS)),
                Tuple.of(4, Arbitraries.of(UNICODE)),
                Tuple.of(3, anyChars),
                Tuple.of(1, controls),
                Tuple.of(1, surrogates),
                Tuple.of(2, lengths),
                Tuple.of(2, mixed),
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of(" ", "   ", "\t\n", "\u00A0"))).generator(GEN_SIZE);
        this.numbers = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(NUMBERS)),
                Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(70).negate(), BigInteger.ONE.shiftLeft(70))
                        .map(BigInteger::toString)),
                Tuple.of(2, Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e999")),
                Tuple.of(1, Arbitraries.integers().between(-3, 130).map(String::valueOf))).generator(GEN_SIZE);
    }

    public Random random() {
        return random;
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    public <T> T oneOf(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    @SafeVarargs
    public final <T> T oneOf(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** A hostile string (as Java text: it may hold lone surrogates and NULs). */
    public String string() {
        return sample(strings);
    }

    /** A JSON number literal, at or past some limit (negative, zero, huge, fractional, exponent forms). */
    public String number() {
        return sample(numbers);
    }

    /** A random JSON value as text: any type, sometimes deeply nested. */
    public String jsonValue() {
        return switch (random.nextInt(10)) {
            case 0 -> "null";
            case 1 -> oneOf("true", "false");
            case 2, 3 -> number();
            case 4, 5 -> quoted(string());
            case 6 -> "[" + quoted(string()) + "," + number() + ",null,{}]";
            case 7 -> "{\"" + escaped(string()) + "\":" + number() + ",\"nested\":{\"a\":[1,[2,[3]]]}}";
            case 8 -> deepArray(oneOf(16, 200, 1500, 5000));
            default -> deepObject(oneOf(16, 200, 1500, 3000));
        };
    }

    /** {@code text} as a JSON string literal; lone surrogates become {@code \\uD800} escapes, which JSON allows. */
    public static String quoted(String text) {
        return "\"" + escaped(text) + "\"";
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !isPaired(text, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isPaired(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    public static String deepArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    public static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    // ---------------------------------------------------------------- bodies

    /**
     * A hostile body made from a valid one: wrong types, missing, duplicated and extra fields,
     * hostile strings and numbers in its fields, truncation, malformed syntax, invalid UTF-8,
     * deep nesting and sizes around the body limit.
     */
    public byte[] body(JsonValue valid) {
        String text = valid.toString();
        return switch (random.nextInt(16)) {
            case 0, 1 -> utf8(replaceSlot(valid, jsonValue()));
            case 2, 3 -> utf8(replaceSlot(valid, quoted(string())));
            case 4 -> utf8(replaceSlot(valid, number()));
            case 5 -> utf8(removeMember(valid));
            case 6 -> utf8(duplicateMember(valid));
            case 7 -> utf8(extraMembers(valid));
            case 8 -> utf8(text.substring(0, random.nextInt(Math.max(1, text.length()))));
            case 9 -> corruptBytes(utf8(text));
            case 10 -> utf8(malformed(text));
            case 11 -> invalidUtf8(valid);
            case 12 -> utf8(replaceSlot(valid, oneOf(deepArray(oneOf(100, 1000, 5000)), deepObject(oneOf(100, 1000, 3000)))));
            case 13 -> utf8(oneOf(deepArray(oneOf(500, 2000, 8000)), deepObject(oneOf(500, 2000, 5000)), "[" + text + "]",
                    "{\"items\":" + deepArray(1000) + "}"));
            case 14 -> utf8(replaceSlot(valid, quoted("x".repeat(oneOf(15_000, 16_300, 17_000, 70_000)))));
            default -> utf8(oneOf("", " ", "null", "[]", "{}", "\"text\"", "42", "true", text + text, text + "]", "{" + text,
                    "\uFEFF" + text, text + "\u0000", "[" + text + "," + text + "]", "[" + ",{}".repeat(3000).substring(1) + "]"));
        };
    }

    private String malformed(String text) {
        return switch (random.nextInt(9)) {
            case 0 -> text.replace("\"", "'");
            case 1 -> text.replaceFirst("}$", ",}");
            case 2 -> text.replaceFirst("^\\{", "{/* comment */");
            case 3 -> text.replaceFirst(":", ": NaN, \"x\":");
            case 4 -> text.replaceFirst(":", ": Infinity, \"y\":");
            case 5 -> text.replaceFirst("\"", "");
            case 6 -> text.replaceFirst(":\\s*\"", ": \"\\x41\\u12");
            case 7 -> text.replaceFirst(":\\s*\"", ": \"raw\u0001control\ttab\nnewline ");
            default -> text.replace(",", " ");
        };
    }

    private byte[] corruptBytes(byte[] body) {
        byte[] junk = {0, (byte) 0xFF, (byte) 0xC0, (byte) 0x80, (byte) 0xED, '"', '{', '}', '[', ',', '\\', ':', 0x7F};
        byte[] out = body.clone();
        for (int n = 1 + random.nextInt(3); n > 0 && out.length > 0; n--) {
            out[random.nextInt(out.length)] = junk[random.nextInt(junk.length)];
        }
        return out;
    }

    /** A string field whose bytes are not UTF-8: an encoded surrogate, an overlong NUL, a stray continuation byte. */
    private byte[] invalidUtf8(JsonValue valid) {
        String marker = "\"@@INVALID@@\"";
        String text = replaceSlot(valid, marker);
        int at = text.indexOf(marker);
        if (at < 0) {
            return corruptBytes(utf8(text));
        }
        byte[][] bad = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFF, (byte) 0xFE},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at) + "\"A"));
        out.writeBytes(bad[random.nextInt(bad.length)]);
        out.writeBytes(utf8("B\"" + text.substring(at + marker.length())));
        return out.toByteArray();
    }

    /** The valid body's text with the value at one random place (a member or element, at any depth, or the whole) replaced. */
    String replaceSlot(JsonValue valid, String replacement) {
        List<List<Object>> slots = new ArrayList<>();
        slots(valid, new ArrayList<>(), slots);
        List<Object> target = slots.get(random.nextInt(slots.size()));
        return render(valid, new ArrayList<>(), target, replacement);
    }

    private String removeMember(JsonValue valid) {
        List<List<Object>> members = new ArrayList<>();
        slots(valid, new ArrayList<>(), members);
        members.removeIf(path -> path.isEmpty() || !(path.get(path.size() - 1) instanceof String));
        if (members.isEmpty()) {
            return "{}";
        }
        return render(valid, new ArrayList<>(), members.get(random.nextInt(members.size())), null);
    }

    private String duplicateMember(JsonValue valid) {
        if (!(valid instanceof JsonObject object) || object.isEmpty()) {
            return "[" + valid + "," + valid + "]";
        }
        String name = oneOf(new ArrayList<>(object.keySet()));
        String text = valid.toString();
        String duplicate = "\"" + escaped(name) + "\":" + (chance(0.5) ? jsonValue() : object.get(name).toString());
        return chance(0.5) ? "{" + duplicate + "," + text.substring(1) : text.substring(0, text.length() - 1) + "," + duplicate + "}";
    }

    private String extraMembers(JsonValue valid) {
        if (!(valid instanceof JsonObject) || ((JsonObject) valid).isEmpty()) {
            return valid.toString();
        }
        String text = valid.toString();
        StringBuilder extra = new StringBuilder();
        int count = oneOf(1, 3, 50, 2000);
        for (int i = 0; i < count; i++) {
            extra.append(",\"").append(i == 0 ? escaped(string()) : "extra" + i).append("\":").append(i == 0 ? jsonValue() : "1");
        }
        return text.substring(0, text.length() - 1) + extra + "}";
    }

    private static void slots(JsonValue value, List<Object> path, List<List<Object>> into) {
        into.add(List.copyOf(path));
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                path.add(member.getKey());
                slots(member.getValue(), path, into);
                path.remove(path.size() - 1);
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                path.add(i);
                slots(array.get(i), path, into);
                path.remove(path.size() - 1);
            }
        }
    }

    /** JSON text of {@code value} with the value at {@code target} replaced by {@code replacement} (null: left out). */
    private static String render(JsonValue value, List<Object> path, List<Object> target, String replacement) {
        if (path.equals(target)) {
            return replacement == null ? "null" : replacement;
        }
        if (value instanceof JsonObject object) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                path.add(member.getKey());
                boolean dropped = replacement == null && path.equals(target);
                if (!dropped) {
                    out.append(out.length() > 1 ? "," : "").append(quoted(member.getKey())).append(':')
                            .append(render(member.getValue(), path, target, replacement));
                }
                path.remove(path.size() - 1);
            }
            return out.append('}').toString();
        }
        if (value instanceof JsonArray array) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < array.size(); i++) {
                path.add(i);
                out.append(i > 0 ? "," : "").append(render(array.get(i), path, target, replacement));
                path.remove(path.size() - 1);
            }
            return out.append(']').toString();
        }
        if (value instanceof JsonString || value instanceof JsonNumber) {
            return value.toString();
        }
        return value.toString();
    }

    // ---------------------------------------------------------------- URLs

    /** A query parameter value, already in URL form: encoded hostile text and numbers, malformed percent-encoding, raw junk. */
    public String queryValue() {
        return switch (random.nextInt(8)) {
            case 0, 1 -> encode(number());
            case 2, 3 -> encode(string());
            case 4 -> oneOf(MALFORMED_PERCENT);
            case 5 -> oneOf(RAW_URL_JUNK);
            case 6 -> oneOf("", "1", "0", "-1", "abc", "1.5", "1e2", "0x10", "007", "%2B5", "+5", "%205", "1,2", "1;2", "2147483648", "1000001", "1000000");
            default -> encode("9".repeat(oneOf(20, 400, 3000)));
        };
    }

    /** A path segment where an id belongs, in URL form. */
    public String pathId() {
        return switch (random.nextInt(7)) {
            case 0, 1 -> encode(number());
            case 2, 3 -> encode(string()).replace("+", "%20");
            case 4 -> oneOf(MALFORMED_PERCENT);
            case 5 -> oneOf("", ".", "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "1;jsessionid=x", "1%3Bx", "1/2", "1%2F2", "x".repeat(5000),
                    "9".repeat(7000), "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "%2F%2F");
            default -> oneOf(RAW_URL_JUNK);
        };
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- headers

    /** A Content-Type other than plain {@code application/json}, or several. */
    public List<String[]> contentTypes() {
        return switch (random.nextInt(4)) {
            case 0 -> List.of();
            case 1 -> List.of(header("Content-Type", "application/json"), header("Content-Type", "text/plain"));
            default -> List.<String[]>of(header("Content-Type", oneOf("text/plain", "text/html", "application/x-www-form-urlencoded", "application/xml",
                    "multipart/form-data", "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1",
                    "application/json; charset=UTF-16", "application/json; charset=no-such-charset", "application/json;;;",
                    "application/json, application/xml", "*/*", "", "json", "application/", "/", "APPLICATION/JSON",
                    "application/vnd.api+json", "application/merge-patch+json", "application/json; charset=\"utf-8\"",
                    "application/json; " + "p=v; ".repeat(300), "application/json\u0000", "application/jsonx", "text/event-stream")));
        };
    }

    /** An Accept the endpoint cannot satisfy, or a malformed one. */
    public String[] accept() {
        return header("Accept", oneOf("text/html", "application/xml", "image/png", "*/*;q=0", "application/json;q=0", "garbage", ";;;",
                "text/event-stream", "application/json;q=abc", "*/" + "x".repeat(2000), "", "application/*, text/html;q=1.5"));
    }

    /** A value for a header a client may send anyway: Authorization, X-Request-Id, X-Forwarded-For, Idempotency-Key... */
    public String headerValue() {
        String text = switch (random.nextInt(5)) {
            case 0 -> string();
            case 1 -> oneOf("Bearer", "Bearer ", "Bearer a.b.c", "Bearer ...", "Basic YWRtaW46YWRtaW4=", "Bearer " + "x".repeat(7000),
                    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZ3JvdXBzIjpbImFkbWluIl19.", "Bearer e30.e30.e30",
                    "Bearer eyJhbGciOiJSUzI1NiJ9.!!!.###");
            case 2 -> "x".repeat(oneOf(255, 256, 1000, 7000));
            case 3 -> oneOf("", " ", "\t", "1.2.3.4, 5.6.7.8", "::1", "999.999.999.999", "unknown", "127.0.0.1, 127.0.0.1");
            default -> number();
        };
        // A header line cannot carry CR or LF (they would end it) or chars beyond Latin-1 in this raw client.
        StringBuilder safe = new StringBuilder();
        for (char c : text.toCharArray()) {
            safe.append(c == '\r' || c == '\n' || c > 0xFF ? '?' : c);
        }
        return safe.toString();
    }

    public static String[] header(String name, String value) {
        return new String[]{name, value};
    }

    /** Headers from name, value, name, value... */
    public static List<String[]> headers(String... namesAndValues) {
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            headers.add(header(namesAndValues[i], namesAndValues[i + 1]));
        }
        return headers;
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T sample(RandomGenerator<T> generator) {
        return generator.next(random).value();
    }
}
