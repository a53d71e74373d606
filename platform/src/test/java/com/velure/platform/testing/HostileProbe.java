package com.velure.platform.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import net.jqwik.api.sessions.JqwikSession;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static com.velure.platform.testing.HostileInput.header;
import static com.velure.platform.testing.HostileInput.utf8;

/**
 * Sends generated hostile requests ({@link HostileInput}) to a service's public endpoints and
 * holds every answer to the API's promises: never a 5xx; every error a JSON body with its status;
 * never a stack trace, SQL or a server page in a body; and a rejected request changes no stored
 * data (the service's tables, read by the superuser, are the same before and after).
 *
 * <p>{@code -Dvelure.hostile.inputs=N} sets the inputs per endpoint (default {@value #DEFAULT_INPUTS},
 * what CI runs); {@code -Dvelure.hostile.seed=S} another seed (default {@value #DEFAULT_SEED}). The
 * counts per endpoint and in total are printed and written to {@code target/hostile-input-<service>.txt}.
 */
public final class HostileProbe {

    public static final int DEFAULT_INPUTS = 150;
    public static final long DEFAULT_SEED = 14;

    /** Text that only a leak puts in a body (a stack trace, SQL, a server's page or banner), unless the request sent it. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at com.", "at java.", "at org.", ".java:", "org.postgresql",
            "PSQL", "SQLState", "SQL state", "SELECT ", "INSERT INTO", "DELETE FROM", "UPDATE ", "ERROR: ", "syntax error", "<html", "<HTML",
            "<!DOCTYPE", "<body", "Payara", "GlassFish", "Grizzly", "jakarta.", "javax.", "com.velure");

    /**
     * Grizzly's limit on a request line and headers; past it the HTTP layer may close the
     * connection without an answer, like broken framing (the client has not even finished sending).
     */
    private static final int MAX_HEAD_BYTES = 8 * 1024;

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND",
            "FOO", "get");

    private final URI base;
    private final String service;
    private final StoredData data;
    private final int inputs = Integer.getInteger("velure.hostile.inputs", DEFAULT_INPUTS);
    private final long seed = Long.getLong("velure.hostile.seed", DEFAULT_SEED);
    private final HostileInput input = new HostileInput(seed);
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final Set<String> failureKinds = new LinkedHashSet<>();
    private final List<String> failures = new ArrayList<>();
    private int httpLayerRefusals;

    /** What stored data a request may change: a fingerprint of it, and a wait until background work on it is done. */
    public interface StoredData {
        String fingerprint();

        /** Waits until what accepted requests started in the background has finished. */
        default void settle() {
        }
    }

    /** A public endpoint and what a valid request to it looks like; hostile inputs are made from that. */
    public record Target(String method, String path, Map<String, String> query, Supplier<String> pathId, Supplier<JsonValue> body,
                         Supplier<List<String[]>> headers, String keyHeader) {

        /** {@code path} may hold {@code {id}}, filled by {@link #pathId}. */
        public static Target of(String method, String path) {
            return new Target(method, path, Map.of(), () -> "1", null, List::of, null);
        }

        public Target query(String name, String valid) {
            Map<String, String> more = new LinkedHashMap<>(query);
            more.put(name, valid);
            return new Target(method, path, more, pathId, body, headers, keyHeader);
        }

        public Target pathId(Supplier<String> valid) {
            return new Target(method, path, query, valid, body, headers, keyHeader);
        }

        public Target body(Supplier<JsonValue> valid) {
            return new Target(method, path, query, pathId, valid, headers, keyHeader);
        }

        /** Headers of a valid request (Authorization, X-Forwarded-For...), made anew for each input. */
        public Target headers(Supplier<List<String[]>> valid) {
            return new Target(method, path, query, pathId, body, valid, keyHeader);
        }

        /** A header the endpoint reads (Idempotency-Key), left out of valid requests and fuzzed. */
        public Target keyHeader(String name) {
            return new Target(method, path, query, pathId, body, headers, name);
        }

        public String name() {
            return method + " " + path;
        }
    }

    public HostileProbe(URI base, String service, StoredData data) {
        this.base = base;
        this.service = service;
        this.data = data;
    }

    /** A fingerprint of the tables' whole contents, read by the superuser. */
    public static StoredData tables(String... tables) {
        String sql = java.util.Arrays.stream(tables)
                .map(table -> "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t)")
                .collect(Collectors.joining(" || ", "SELECT ", ""));
        return () -> {
            try (Connection db = PostgresExtension.superuser(); Statement query = db.createStatement(); ResultSet row = query.executeQuery(sql)) {
                row.next();
                return row.getString(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Sends this run's number of hostile inputs to {@code target}, checking each answer. */
    public void attack(Target target) {
        JqwikSession.start(); // jqwik's generators outside a jqwik property, on this thread
        try {
            attackInSession(target);
        } finally {
            JqwikSession.finish();
        }
    }

    private void attackInSession(Target target) {
        int[] count = counts.computeIfAbsent(target.name(), name -> new int[3]);
        String before = data.fingerprint();
        for (int i = 0; i < inputs; i++) {
            RawHttp.Request request = request(target);
            RawHttp.Reply reply = RawHttp.send(base, request);
            count[0]++;
            boolean accepted = reply.status() >= 200 && reply.status() < 400;
            if (accepted) {
                count[1]++;
                data.settle();
                before = data.fingerprint();
                continue;
            }
            count[2]++;
            String after = data.fingerprint();
            check(target, request, reply, !before.equals(after));
            before = after;
        }
    }

    /** Prints and writes the counts, then fails listing every broken promise found. */
    public void report() {
        StringBuilder table = new StringBuilder(String.format("hostile input, %s service (seed %d, %d per endpoint)%n", service, seed, inputs));
        table.append(String.format("  %-52s %8s %9s %9s%n", "endpoint", "inputs", "accepted", "rejected"));
        int total = 0;
        for (Map.Entry<String, int[]> row : counts.entrySet()) {
            int[] c = row.getValue();
            total += c[0];
            table.append(String.format("  %-52s %8d %9d %9d%n", row.getKey(), c[0], c[1], c[2]));
        }
        table.append(String.format("  %-52s %8d%n", "total", total));
        table.append(String.format("  (%d refused by the HTTP layer itself, with a status and no body)%n", httpLayerRefusals));
        System.out.print(table);
        try {
            Path file = Path.of("target", "hostile-input-" + service + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " hostile inputs broke a promise (first of each kind):\n\n"
                    + String.join("\n\n", failures));
        }
    }

    public int total() {
        return counts.values().stream().mapToInt(c -> c[0]).sum();
    }

    // ---------------------------------------------------------------- invariants

    private void check(Target target, RawHttp.Request request, RawHttp.Reply reply, boolean dataChanged) {
        List<String> problems = new ArrayList<>();
        if (reply.status() == 0 && !request.ownFraming() && RawHttp.headSize(request) <= MAX_HEAD_BYTES) {
            problems.add("no answer");
        }
        if (reply.status() >= 500) {
            problems.add("status " + reply.status());
        }
        if (isHttpLayerRefusal(reply)) {
            httpLayerRefusals++;
        } else if (reply.status() >= 400 && !"HEAD".equals(request.method()) && !isJsonError(reply)) {
            problems.add("an error without the JSON error body");
        }
        String sent = sentText(request);
        for (String leak : LEAKS) {
            if (reply.body().contains(leak) && !sent.contains(leak)) {
                problems.add("the body shows \"" + leak + "\"");
                break;
            }
        }
        if (dataChanged) {
            problems.add("stored data changed although the request was refused");
        }
        if (!problems.isEmpty()) {
            fail(target, String.join(", ", problems), request, reply);
        }
    }

    /**
     * Grizzly, Payara's HTTP layer, refuses some requests before any servlet or JAX-RS code runs,
     * with a status and no body at all: broken or conflicting framing, TRACE, an unknown Expect,
     * DELETE with a body. No application code can give those a JSON body; they leak nothing and
     * change nothing, which the other checks still hold them to.
     */
    private static boolean isHttpLayerRefusal(RawHttp.Reply reply) {
        return reply.body().isEmpty() && reply.header("Content-Type") == null
                && List.of(400, 405, 411, 413, 414, 417, 431).contains(reply.status());
    }

    /** Everything the request said, also percent-decoded, so that an echo of it is not taken for a leak. */
    private static String sentText(RawHttp.Request request) {
        StringBuilder sent = new StringBuilder(request.target()).append('\n');
        try {
            sent.append(java.net.URLDecoder.decode(request.target(), StandardCharsets.UTF_8)).append('\n');
        } catch (IllegalArgumentException malformed) {
            // the raw target is there already
        }
        request.headers().forEach(h -> sent.append(h[0]).append(": ").append(h[1]).append('\n'));
        if (request.body() != null) {
            sent.append(new String(request.body(), StandardCharsets.UTF_8));
        }
        return sent.toString();
    }

    private static boolean isJsonError(RawHttp.Reply reply) {
        String type = reply.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return false;
        }
        try (JsonReader reader = Json.createReader(new StringReader(reply.body()))) {
            JsonObject error = reader.readObject();
            return error.getInt("status", -1) == reply.status() && error.get("error") instanceof jakarta.json.JsonString;
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private void fail(Target target, String problem, RawHttp.Request request, RawHttp.Reply reply) {
        if (failureKinds.add(target.name() + " / " + reply.status() + " / " + problem) && failures.size() < 60) {
            failures.add(target.name() + ": " + problem + "\n  request: " + request.describe().replace("\n", "\n  ")
                    + "\n  reply: " + reply);
        }
    }

    // ---------------------------------------------------------------- requests

    private enum Attack { BODY, QUERY, PATH, HEADERS, KEY, FRAMING, METHOD }

    private RawHttp.Request request(Target target) {
        List<Attack> attacks = new ArrayList<>();
        if (target.body() != null) {
            attacks.addAll(List.of(Attack.BODY, Attack.BODY, Attack.BODY, Attack.BODY, Attack.BODY, Attack.FRAMING));
        }
        if (!target.query().isEmpty()) {
            attacks.addAll(List.of(Attack.QUERY, Attack.QUERY, Attack.QUERY, Attack.QUERY));
        }
        if (target.path().contains("{id}")) {
            attacks.addAll(List.of(Attack.PATH, Attack.PATH, Attack.PATH));
        }
        if (target.keyHeader() != null) {
            attacks.addAll(List.of(Attack.KEY, Attack.KEY));
        }
        attacks.addAll(List.of(Attack.HEADERS, Attack.HEADERS, Attack.METHOD));

        String path = target.path().replace("{id}", target.pathId().get());
        Map<String, String> query = new LinkedHashMap<>();
        target.query().forEach((name, value) -> query.put(name, HostileInput.encode(value)));
        List<String[]> headers = new ArrayList<>(target.headers().get());
        byte[] body = target.body() == null ? null : utf8(target.body().get().toString());
        if (body != null) {
            headers.add(header("Content-Type", "application/json"));
        }
        String method = target.method();

        switch (input.oneOf(attacks)) {
            case BODY -> body = input.body(target.body().get());
            case QUERY -> {
                return new RawHttp.Request(method, path + hostileQuery(query), headers, body, false);
            }
            case PATH -> path = target.path().replace("{id}", input.pathId());
            case HEADERS -> hostileHeaders(target, headers, body != null);
            case KEY -> {
                switch (input.random().nextInt(3)) {
                    case 0 -> headers.add(header(target.keyHeader(), input.headerValue()));
                    case 1 -> { // the same key for whatever body comes: the first is taken, the others are conflicts
                        headers.add(header(target.keyHeader(), "hostile-reused-key"));
                        if (input.chance(0.5)) {
                            body = input.body(target.body().get());
                        }
                    }
                    default -> {
                        headers.add(header(target.keyHeader(), "key-" + input.random().nextInt(1000)));
                        headers.add(header(target.keyHeader(), input.headerValue()));
                    }
                }
            }
            case FRAMING -> {
                return framing(method, path + queryString(query), headers, body);
            }
            case METHOD -> {
                method = input.oneOf(METHODS.stream().filter(m -> !m.equals(target.method())).toList());
                if (input.chance(0.5)) {
                    body = null;
                    headers.removeIf(h -> h[0].equals("Content-Type"));
                }
            }
        }
        return new RawHttp.Request(method, path + queryString(query), headers, body, false);
    }

    private static String queryString(Map<String, String> query) {
        return query.isEmpty() ? "" : query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&", "?", ""));
    }

    private String hostileQuery(Map<String, String> valid) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> parameter : valid.entrySet()) {
            String name = parameter.getKey();
            switch (input.random().nextInt(6)) {
                case 0 -> parts.add(name + "=" + parameter.getValue());
                case 1 -> {
                    // left out
                }
                case 2 -> {
                    parts.add(name + "=" + parameter.getValue());
                    parts.add(name + "=" + input.queryValue()); // duplicated, conflicting
                }
                case 3 -> parts.add(input.chance(0.5) ? name : name + "=");
                default -> parts.add(name + "=" + input.queryValue());
            }
        }
        if (input.chance(0.2)) {
            parts.add(input.oneOf(HostileInput.encode(input.string()) + "=" + input.queryValue(), "=x", "&&", "%00=1", ";", "page[]=1",
                    "page[$ne]=1", "__proto__=1"));
        }
        return parts.isEmpty() ? input.oneOf("", "?") : "?" + String.join("&", parts);
    }

    private void hostileHeaders(Target target, List<String[]> headers, boolean hasBody) {
        switch (input.random().nextInt(7)) {
            case 0 -> {
                if (hasBody) {
                    headers.removeIf(h -> h[0].equals("Content-Type"));
                    headers.addAll(input.contentTypes());
                } else {
                    headers.add(input.accept());
                }
            }
            case 1 -> headers.add(input.accept());
            case 2 -> {
                boolean replaced = headers.removeIf(h -> h[0].equals("Authorization"));
                headers.add(header("Authorization", input.headerValue()));
                if (replaced && input.chance(0.3)) {
                    headers.add(header("Authorization", input.headerValue()));
                }
            }
            case 3 -> {
                String name = target.keyHeader() == null ? "X-Request-Id" : target.keyHeader();
                headers.add(header(name, input.headerValue()));
                if (input.chance(0.3)) {
                    headers.add(header(name, input.headerValue()));
                }
            }
            case 4 -> headers.add(header(input.oneOf("X-Request-Id", "X-Forwarded-For", "Forwarded", "X-HTTP-Method-Override",
                    "Origin", "Cookie", "Range", "If-None-Match", "Content-Encoding", "Expect"), input.headerValue()));
            case 5 -> headers.add(input.oneOf(header("Expect", "100-continue"), header("Expect", "nonsense"),
                    header("Content-Encoding", "gzip"), header("Content-Encoding", "br"), header("Content-Language", "\u00ff"),
                    header("Range", "bytes=0-1,-1"), header("X-HTTP-Method-Override", "DELETE"), header("Accept-Charset", "utf-7"),
                    header("Accept-Encoding", "gzip;q=x")));
            default -> headers.add(0, header("Host", input.oneOf("", "evil.example", "[::1", "a b", "localhost:99999", "%00")));
        }
    }

    /** Broken or conflicting framing; the client half-closes, so a body shorter than declared ends at once. */
    private RawHttp.Request framing(String method, String target, List<String[]> headers, byte[] body) {
        List<String[]> framed = new ArrayList<>(headers);
        framed.add(header("Connection", "close"));
        byte[] valid = body == null ? new byte[0] : body;
        byte[] sent = valid;
        switch (input.random().nextInt(10)) {
            case 0 -> {
                framed.add(header("Content-Length", String.valueOf(valid.length)));
                framed.add(header("Transfer-Encoding", "chunked"));
                sent = chunked(valid, Integer.toHexString(valid.length));
            }
            case 1 -> {
                framed.add(header("Content-Length", String.valueOf(valid.length)));
                framed.add(header("Content-Length", String.valueOf(valid.length + 5)));
            }
            case 2 -> framed.add(header("Content-Length", input.oneOf("-1", "abc", "99999999999999999999", "", "1, 1", " 5", "0x10", "+3")));
            case 3 -> framed.add(header("Transfer-Encoding", input.oneOf("gzip", "chunked, gzip", "identity", "chunked, chunked", "xchunked",
                    "chunked;q=1", " chunked")));
            case 4 -> {
                framed.add(header("Transfer-Encoding", "chunked"));
                sent = chunked(valid, input.oneOf("zz", "-1", "FFFFFFFFFFFFFFFF", "", "0x10"));
            }
            case 5 -> {
                framed.add(header("Transfer-Encoding", "chunked"));
                sent = chunked(utf8("{\"x\":\"" + " ".repeat(20_000) + "\"}"), null);
            }
            case 6 -> framed.add(header("Content-Length", String.valueOf(valid.length + 1 + input.random().nextInt(100))));
            case 7 -> {
                framed.add(header("Content-Length", String.valueOf(Math.max(0, valid.length - 3))));
            }
            case 8 -> {
                framed.add(header("Transfer-Encoding", "chunked"));
                sent = chunked(valid, null);
                sent = java.util.Arrays.copyOf(sent, Math.max(0, sent.length - 5)); // truncated: no last chunk
            }
            default -> {
                framed.add(header("Content-Length", "0"));
                framed.add(header("Content-Length", String.valueOf(valid.length)));
            }
        }
        return new RawHttp.Request(method, target, framed, sent, true);
    }

    /** The body as one chunk (with a lying size when {@code size} is given) and the last chunk. */
    private static byte[] chunked(byte[] body, String size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(utf8((size == null ? Integer.toHexString(body.length) : size) + "\r\n"));
        out.writeBytes(body);
        out.writeBytes(utf8("\r\n0\r\n\r\n"));
        return out.toByteArray();
    }
}
