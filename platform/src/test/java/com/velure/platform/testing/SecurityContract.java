package com.velure.platform.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.velure.devsupport.ServiceRole;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The attacks every service must withstand, run against its packaged WAR in Payara Micro and its
 * real PostgreSQL: forged tokens, browsers from other origins, a peek at the server's banner, and
 * another service's database role. {@link ServiceContract} implements it, so each WAR's one
 * integration test class runs these too; the build allows the browser origin {@link #ALLOWED_ORIGIN}
 * (VELURE_HTTP_CORS_ALLOWED_ORIGINS in the failsafe configuration).
 */
public interface SecurityContract {

    String ALLOWED_ORIGIN = "https://shop.velure.test";

    /** Where the service under test listens. */
    URI serviceBase();

    /** The service's role, which owns the schema of the same name. */
    String databaseRole();

    /**
     * A call only an admin may make, as {method, path}: an admin token gets neither 401 nor 403,
     * a customer's 403, anything else 401.
     */
    String[] adminOnlyCall();

    private Http.Reply call(String[] call, String... headers) {
        Http http = new Http(serviceBase());
        HttpRequest.Builder request = http.request(call[1], headers);
        return http.send(switch (call[0]) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            default -> request.header("Content-Type", "application/json").method(call[0], HttpRequest.BodyPublishers.ofString("{}"));
        });
    }

    // ---------------------------------------------------------------- tokens

    /** A genuine admin's access token; a service that tracks sessions overrides it with a real login's. */
    default String adminToken() {
        return TestTokens.admin("attacker-" + UUID.randomUUID(), "mallory@velure.test");
    }

    /**
     * Every way of forging or replaying an access token that the API promises to refuse; each must
     * get the API's JSON 401 on an admin call, while the genuine admin token passes.
     */
    @Test
    default void forgedAndStaleTokensNeverAuthenticate() throws Exception {
        String genuine = adminToken();
        Http.Reply allowed = call(adminOnlyCall(), "Authorization", "Bearer " + genuine);
        assertTrue(allowed.status() != 401 && allowed.status() != 403, "the genuine admin token passes: " + allowed);

        for (Map.Entry<String, String> token : forgedTokens(genuine).entrySet()) {
            Http.Reply reply = call(adminOnlyCall(), "Authorization", "Bearer " + token.getValue());
            assertEquals(401, reply.status(), token.getKey() + " must not authenticate: " + reply);
            assertEquals(401, reply.json().getInt("status"), token.getKey() + ": a JSON error, not a server page: " + reply);
        }
        String customer = TestTokens.customer("attacker-" + UUID.randomUUID(), "mallory@velure.test");
        Http.Reply customerCall = call(adminOnlyCall(), "Authorization", "Bearer " + customer);
        assertEquals(403, customerCall.status(), "a customer on an admin endpoint: " + customerCall);
        assertEquals(403, customerCall.json().getInt("status"), customerCall::toString);
    }

    /**
     * Variants of a genuine admin token that must all be refused, by name: no signature, a
     * signature by another key however the header points at it, a customer's genuine signature
     * over claims with the admin group added, the wrong algorithm, and genuine signatures (same
     * subject and session) over stale or foreign claims.
     */
    static Map<String, String> forgedTokens(String genuine) throws Exception {
        JWTClaimsSet asAdmin = SignedJWT.parse(genuine).getJWTClaimsSet();
        SignedJWT customer = SignedJWT.parse(TestTokens.customer(asAdmin.getSubject(), "mallory@velure.test"));
        long now = System.currentTimeMillis();
        RSAKey attackerKey = new RSAKeyGenerator(2048).keyID("attacker").generate();

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("alg none", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + asAdmin.toPayload().toBase64URL() + ".");
        forged.put("alg none, signature kept", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + asAdmin.toPayload().toBase64URL() + "." + SignedJWT.parse(genuine).getSignature());
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), asAdmin);
        hs256.sign(new MACSigner(Files.readAllBytes(TestKeys.publicKeyFile())));
        forged.put("HS256 keyed with the RSA public key", hs256.serialize());
        forged.put("signed with another key", signed(asAdmin, attackerKey, new JWSHeader.Builder(JWSAlgorithm.RS256)));
        forged.put("kid naming the service's key, another key's signature", signed(asAdmin, attackerKey,
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test")));
        forged.put("jku pointing at the attacker's key set", signed(asAdmin, attackerKey,
                new JWSHeader.Builder(JWSAlgorithm.RS256).jwkURL(URI.create("http://127.0.0.1:9/jwks.json"))));
        forged.put("the attacker's key embedded (jwk)", signed(asAdmin, attackerKey,
                new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attackerKey.toPublicJWK())));
        forged.put("tampered groups (admin added)", customer.getParsedParts()[0] + "." + new JWTClaimsSet.Builder(customer.getJWTClaimsSet())
                .claim("groups", List.of("admin", "customer")).build().toPayload().toBase64URL() + "." + customer.getSignature());
        forged.put("expired", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin)
                .issueTime(new Date(now - 1_200_000)).expirationTime(new Date(now - 600_000)).build()));
        forged.put("not yet valid (nbf in 10 minutes)", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin)
                .notBeforeTime(new Date(now + 600_000)).build()));
        forged.put("wrong issuer", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin).issuer("https://evil.example").build()));
        forged.put("wrong audience", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin).audience("https://evil.example").build()));
        forged.put("no audience", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin).audience((String) null).build()));
        forged.put("no issuer", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin).issuer(null).build()));
        forged.put("no expiry", TestTokens.sign(new JWTClaimsSet.Builder(asAdmin).expirationTime(null).build()));
        forged.put("genuine token, truncated signature", genuine.substring(0, genuine.length() - 10));
        return forged;
    }

    private static String signed(JWTClaimsSet claims, RSAKey key, JWSHeader.Builder header) throws Exception {
        SignedJWT jwt = new SignedJWT(header.type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /**
     * A bearer token is checked wherever it is sent, not only where a role is needed: on an open
     * call ({@code GET /api/<prefix>/status}) a forged one is the API's JSON 401 with a Bearer
     * challenge, while no token, a genuine one, or another scheme's credentials pass.
     */
    @Test
    default void aBearerTokenIsCheckedOnOpenCallsToo() {
        String open = adminOnlyCall()[1].replaceFirst("^(/api/[^/]+)/.*$", "$1/status");
        Http http = new Http(serviceBase());
        assertEquals(200, http.get(open).status(), "anonymous");
        assertEquals(200, http.get(open, "Authorization", "Bearer " + TestTokens.customer("open-" + UUID.randomUUID(),
                "open@velure.test")).status(), "a genuine token");
        assertEquals(200, http.get(open, "Authorization", "Basic b3BlbjpzZXNhbWU=").status(), "another scheme is not ours to check");
        Http.Reply forged = http.get(open, "Authorization", "Bearer not.a.jwt");
        assertEquals(401, forged.status(), forged::toString);
        assertEquals(401, forged.json().getInt("status"), forged::toString);
        assertTrue(String.valueOf(forged.header("WWW-Authenticate")).startsWith("Bearer"), forged::toString);
    }

    // ---------------------------------------------------------------- response headers

    /**
     * A JSON API's headers on every kind of answer (success, the API's 404, the container's 401,
     * a 403): no MIME sniffing, nothing cached, no framing, and no banner naming the server.
     */
    @Test
    default void everyAnswerCarriesSecurityHeadersAndNoServerBanner() {
        String customer = TestTokens.customer("headers-" + UUID.randomUUID(), "headers@velure.test");
        List<Http.Reply> replies = List.of(
                new Http(serviceBase()).get("/api/no/such/thing"),
                call(adminOnlyCall()),
                call(adminOnlyCall(), "Authorization", "Bearer not.a.jwt"),
                call(adminOnlyCall(), "Authorization", "Bearer " + customer));
        assertEquals(List.of(404, 401, 401, 403), replies.stream().map(Http.Reply::status).toList(), replies::toString);
        for (Http.Reply reply : replies) {
            assertSecurityHeaders(reply);
        }
    }

    static void assertSecurityHeaders(Http.Reply reply) {
        assertEquals("nosniff", reply.header("X-Content-Type-Options"), () -> "X-Content-Type-Options of " + reply);
        assertNotNull(reply.header("Cache-Control"), () -> "Cache-Control of " + reply);
        assertTrue(reply.header("Cache-Control").contains("no-store"), () -> "Cache-Control of " + reply + ": " + reply.header("Cache-Control"));
        assertTrue(String.valueOf(reply.header("Content-Security-Policy")).contains("frame-ancestors 'none'"),
                () -> "Content-Security-Policy of " + reply);
        assertNull(reply.header("Server"), () -> "a server banner: " + reply.header("Server"));
        assertNull(reply.header("X-Powered-By"), () -> "a server banner: " + reply.header("X-Powered-By"));
    }

    // ---------------------------------------------------------------- CORS

    /**
     * A browser page from the configured origin may call the API (a preflight answered per the
     * Fetch standard, the origin echoed, never credentials); any other origin, a look-alike of the
     * allowed one or the opaque "null", gets no Access-Control-* header at all, and its preflight a 403.
     */
    @Test
    default void corsAnswersTheConfiguredOriginAndRefusesEveryOther() {
        Http http = new Http(serviceBase());
        String[] call = adminOnlyCall();
        Http.Reply preflight = http.send(http.request(call[1], "Origin", ALLOWED_ORIGIN,
                        "Access-Control-Request-Method", call[0], "Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertTrue(preflight.status() >= 200 && preflight.status() < 300, "a preflight gets an ok status: " + preflight);
        assertEquals(ALLOWED_ORIGIN, preflight.header("Access-Control-Allow-Origin"), preflight::toString);
        assertTrue(listed(preflight, "Access-Control-Allow-Methods", call[0]), preflight.headers()::toString);
        assertTrue(listed(preflight, "Access-Control-Allow-Headers", "Authorization"), preflight.headers()::toString);
        assertTrue(listed(preflight, "Access-Control-Allow-Headers", "Content-Type"), preflight.headers()::toString);
        assertNotNull(preflight.header("Access-Control-Max-Age"), preflight.headers()::toString);
        assertNull(preflight.header("Access-Control-Allow-Credentials"), "bearer tokens need no credentials mode");
        assertTrue(listed(preflight, "Vary", "Origin"), preflight.headers()::toString);

        // the actual requests: the answer and the container's 401 are readable by the page
        for (Http.Reply reply : List.of(http.get("/api/no/such/thing", "Origin", ALLOWED_ORIGIN),
                call(call, "Origin", ALLOWED_ORIGIN, "Authorization", "Bearer not.a.jwt"))) {
            assertEquals(ALLOWED_ORIGIN, reply.header("Access-Control-Allow-Origin"), reply.headers()::toString);
            assertTrue(listed(reply, "Access-Control-Expose-Headers", "X-Request-Id"), reply.headers()::toString);
            assertTrue(listed(reply, "Vary", "Origin"), reply.headers()::toString);
        }

        for (String origin : List.of("https://evil.example", "null", "http://shop.velure.test", ALLOWED_ORIGIN + ".evil.example",
                ALLOWED_ORIGIN + ":8443", "https://evil.shop.velure.test", ALLOWED_ORIGIN.toUpperCase())) {
            Http.Reply refused = http.send(http.request(call[1], "Origin", origin, "Access-Control-Request-Method", call[0],
                    "Access-Control-Request-Headers", "authorization").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, refused.status(), origin + " preflight: " + refused);
            assertNoCorsHeaders(origin, refused);
            Http.Reply actual = http.get("/api/no/such/thing", "Origin", origin);
            assertEquals(404, actual.status(), actual::toString);
            assertNoCorsHeaders(origin, actual);
        }
    }

    private static boolean listed(Http.Reply reply, String header, String value) {
        return reply.headers().allValues(header).stream().flatMap(line -> List.of(line.split(",")).stream())
                .anyMatch(item -> item.strip().equalsIgnoreCase(value));
    }

    private static void assertNoCorsHeaders(String origin, Http.Reply reply) {
        List<String> cors = reply.headers().map().keySet().stream()
                .filter(name -> name.toLowerCase().startsWith("access-control-")).toList();
        assertEquals(List.of(), cors, origin + " gets no CORS headers: " + reply.headers());
    }

    // ---------------------------------------------------------------- database least privilege

    /**
     * Every other service's role, logged in to PostgreSQL itself, can neither read nor change nor
     * extend this service's schema; this service's role can do nothing outside it and holds no
     * administrative power.
     */
    @Test
    default void noOtherServiceRoleCanReadOrWriteThisSchema() throws SQLException {
        String schema = databaseRole();
        Map<String, String> tables = new LinkedHashMap<>(); // each table and one of its columns
        try (Connection db = PostgresExtension.superuser(); Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT table_name, min(column_name) FROM information_schema.columns "
                     + "WHERE table_schema = '" + schema + "' GROUP BY table_name")) {
            while (rows.next()) {
                tables.put(schema + "." + rows.getString(1), rows.getString(2));
            }
        }
        assertFalse(tables.isEmpty(), "the migrations made tables in " + schema);
        for (ServiceRole other : ServiceRole.values()) {
            if (other.role().equals(schema)) {
                continue;
            }
            try (Connection db = connectAs(other.role())) {
                for (Map.Entry<String, String> entry : tables.entrySet()) {
                    String table = entry.getKey();
                    String column = entry.getValue();
                    for (String statement : List.of("SELECT * FROM " + table + " LIMIT 1", "INSERT INTO " + table + " DEFAULT VALUES",
                            "UPDATE " + table + " SET " + column + " = " + column + " WHERE false", "DELETE FROM " + table, "TRUNCATE " + table,
                            "ALTER TABLE " + table + " ADD COLUMN stolen int", "DROP TABLE " + table)) {
                        assertRefused(db, other.role(), statement);
                    }
                }
                assertRefused(db, other.role(), "CREATE TABLE " + schema + ".planted (id int)");
                assertRefused(db, other.role(), "CREATE FUNCTION " + schema + ".planted() RETURNS int LANGUAGE sql AS 'SELECT 1'");
            }
        }
        try (Connection db = connectAs(schema)) {
            try (Statement own = db.createStatement(); ResultSet rows = own.executeQuery("SELECT count(*) FROM " + tables.keySet().iterator().next())) {
                assertTrue(rows.next(), "the service's own role reads its own schema");
            }
            assertRefused(db, schema, "CREATE TABLE public.planted (id int)");
            assertRefused(db, schema, "CREATE ROLE planted");
            assertRefused(db, schema, "CREATE DATABASE planted");
            assertRefused(db, schema, "SET ROLE postgres");
            assertRefused(db, schema, "COPY (SELECT 1) TO '/tmp/velure-planted'");
            for (ServiceRole other : ServiceRole.values()) {
                if (!other.role().equals(schema)) {
                    assertRefused(db, schema, "CREATE TABLE " + other.schema() + ".planted (id int)");
                    assertRefused(db, schema, "SET ROLE " + other.role());
                }
            }
        }
    }

    /** A login as the role, with the password the services' pools use (the test server trusts loopback). */
    private static Connection connectAs(String role) throws SQLException {
        String url;
        try (Connection superuser = PostgresExtension.superuser()) {
            url = superuser.getMetaData().getURL().replaceFirst("\\?.*", ""); // the login is the role's, not the URL's
        }
        Connection db = DriverManager.getConnection(url, role, System.getenv().getOrDefault("DB_PASSWORD", ""));
        try (Statement who = db.createStatement(); ResultSet rows = who.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(rows.next());
            assertEquals(role, rows.getString(1), "logged in as the service's role");
            assertFalse(rows.getBoolean(2), role + " is no superuser");
        }
        db.setAutoCommit(true);
        return db;
    }

    private static void assertRefused(Connection db, String role, String sql) {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
            fail(role + " may run: " + sql);
        } catch (SQLException refused) {
            assertEquals("42501", refused.getSQLState(), () -> role + " running " + sql + " failed, but not for want of privilege: " + refused);
        }
    }
}
