package com.velure.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.velure.auth.password.AdmissionRoom;
import com.velure.auth.password.Argon2;
import com.velure.auth.password.Argon2Cost;
import com.velure.auth.password.PhcHash;
import com.velure.platform.testing.Http;
import com.velure.platform.testing.OpenApiDocument;
import com.velure.platform.testing.PostgresExtension;
import com.velure.platform.testing.ServiceContract;
import com.velure.platform.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged auth WAR in Payara Micro with the pool from server-config/auth.asadmin, hashing with
 * cheap Argon2 parameters and a known number of hashing slots (the failsafe environment in auth-war/pom.xml).
 * Failed-login tests send their own X-Forwarded-For address (the test client is a private peer,
 * so the service trusts it), so that their failures never throttle one another.
 */
class AuthServiceIT extends ServiceContract {

    private static final String PASSWORD = "correct horse battery";
    private static final String ADMIN_EMAIL = "admin@velure.test"; // configured as Admin@Velure.test
    private static final String ADMIN_PASSWORD = "test-admin-password";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final int HASHING_SLOTS = Integer.parseInt(System.getenv("VELURE_AUTH_HASHING_CONCURRENCY"));
    private static final Duration SIGN_IN_MAX_WAIT = Duration.parse(System.getenv("VELURE_AUTH_HASHING_SIGN_IN_MAX_WAIT"));

    AuthServiceIT() {
        super("auth", "auth");
    }

    /** For {@link com.velure.platform.testing.SecurityContract}. */
    @Override
    public String[] adminOnlyCall() {
        return new String[]{"GET", "/api/auth/users"};
    }

    /** Auth also checks the token's session, so the genuine admin token is a real login's. */
    @Override
    public String adminToken() {
        return login(ADMIN_EMAIL, ADMIN_PASSWORD, null).json().getString("accessToken");
    }

    /**
     * The server on loopback rather than the address Arquillian reports: a loopback peer is a
     * proxy the service trusts, so X-Forwarded-For gives each test its own client address.
     */
    @Override
    protected URI base() {
        return URI.create("http://localhost:" + base.getPort() + "/");
    }

    // ---------------------------------------------------------------- the whole session lifecycle

    @Test
    void registerLoginRefreshLogoutAndTheRefreshAfterLogoutFails() throws Exception {
        String email = newEmail();
        Http.Reply registered = register("  Ann Example ", "  " + email.toUpperCase() + " ", PASSWORD);
        assertEquals(201, registered.status(), registered::toString);
        JsonObject user = registered.json();
        for (String field : new String[]{"id", "name", "email", "createdAt", "updatedAt", "accessToken", "refreshToken", "tokenType"}) {
            assertTrue(user.containsKey(field), field + " in " + user);
        }
        assertEquals("Ann Example", user.getString("name"));
        assertEquals(email, user.getString("email"), "stored trimmed and lower-case");
        assertEquals("Bearer", user.getString("tokenType"));
        assertEquals(900, user.getInt("expiresIn"));
        assertFalse(registered.body().contains("password"), "never the password or its hash: " + registered);
        Instant.parse(user.getString("createdAt"));
        assertAccessToken(user.getString("accessToken"), user.getString("id"), email, List.of("customer"));

        Http.Reply login = login(email, PASSWORD, null);
        assertEquals(200, login.status(), login::toString);
        // For the ingress (Shedding): how many of each the queue would admit now; with free slots, some.
        assertTrue(login.header(AdmissionRoom.HEADER).matches("POST /api/auth/register=[1-9][0-9]*, POST /api/auth/login=[1-9][0-9]*"),
                login::toString);
        // Also for the ingress (InFlightLimit): the time this sign-in waited for a hashing slot.
        assertTrue(String.valueOf(login.header(AdmissionRoom.WAIT_HEADER)).matches("hashing-wait;dur=[0-9]+\\.[0-9]+"),
                () -> "Server-Timing: " + login.header(AdmissionRoom.WAIT_HEADER));
        JsonObject tokens = login.json();
        assertEquals("Bearer", tokens.getString("tokenType"));
        assertEquals(900, tokens.getInt("expiresIn"));
        assertAccessToken(tokens.getString("accessToken"), user.getString("id"), email, List.of("customer"));
        assertTrue(validate(tokens.getString("accessToken")));

        Http.Reply me = http().get("/api/auth/me", "Authorization", "Bearer " + tokens.getString("accessToken"));
        assertEquals(200, me.status(), me::toString);
        assertEquals(user.getString("id"), me.json().getString("id"));
        assertEquals(email, me.json().getString("email"));
        assertEquals("customer", me.json().getString("role"));
        assertFalse(me.body().contains("password"), me::toString);
        assertEquals(null, me.header(AdmissionRoom.WAIT_HEADER), "no hash, no hashing wait");

        Http.Reply refreshed = refresh(tokens.getString("refreshToken"));
        assertEquals(200, refreshed.status(), refreshed::toString);
        String rotated = refreshed.json().getString("refreshToken");
        assertNotEquals(tokens.getString("refreshToken"), rotated);
        assertNotEquals(tokens.getString("accessToken"), refreshed.json().getString("accessToken"));
        assertEquals(sessionOf(tokens.getString("accessToken")), sessionOf(refreshed.json().getString("accessToken")), "same session");

        Http.Reply logout = logout(rotated);
        assertEquals(200, logout.status(), logout::toString);
        assertEquals("logout successful", logout.json().getString("message"));
        Http.Reply afterLogout = refresh(rotated);
        assertEquals(401, afterLogout.status(), afterLogout::toString);
        assertEquals(401, afterLogout.json().getInt("status"));
        assertFalse(validate(refreshed.json().getString("accessToken")), "the session's access tokens are no longer valid");
        assertTrue(validate(user.getString("accessToken")), "the registration's session is another one, still open");

        Http.Reply unknown = logout("no-such-token");
        assertEquals(200, unknown.status(), unknown::toString);
        assertEquals("logout successful", unknown.json().getString("message"));
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeSession() {
        String email = registered();
        JsonObject first = login(email, PASSWORD, null).json();
        JsonObject second = refresh(first.getString("refreshToken")).json();
        Http.Reply reuse = refresh(first.getString("refreshToken"));
        assertEquals(401, reuse.status(), reuse::toString);
        Http.Reply current = refresh(second.getString("refreshToken"));
        assertEquals(401, current.status(), "the thief's reuse also ends the rightful holder's session: " + current);
        assertFalse(validate(second.getString("accessToken")));
        assertEquals(200, login(email, PASSWORD, null).status(), "logging in again opens a new session");
    }

    /** A stolen refresh token raced against its owner: one exchange wins, the rest are reuse and end the session. */
    @Test
    void concurrentRefreshesOfOneTokenGiveOnePairAndRevokeTheSession() throws Exception {
        String email = registered();
        JsonObject first = login(email, PASSWORD, null).json();
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            replies.add(pool.submit(() -> {
                start.await();
                return refresh(first.getString("refreshToken"));
            }));
        }
        start.countDown();
        List<Http.Reply> answers = new ArrayList<>();
        for (Future<Http.Reply> reply : replies) {
            answers.add(reply.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        List<Http.Reply> won = answers.stream().filter(reply -> reply.status() == 200).toList();
        assertEquals(1, won.size(), answers::toString);
        assertEquals(racers - 1, answers.stream().filter(reply -> reply.status() == 401).count(), answers::toString);
        Http.Reply winner = refresh(won.get(0).json().getString("refreshToken"));
        assertEquals(401, winner.status(), "the reuse revoked the session the winner's pair belongs to: " + winner);
        assertFalse(validate(won.get(0).json().getString("accessToken")));
    }

    /** Replies that carry tokens must never be kept by a browser or proxy cache. */
    @Test
    void repliesCarryingTokensAreNeverStored() {
        String email = newEmail();
        Http.Reply registered = register("Ann", email, PASSWORD);
        Http.Reply login = login(email, PASSWORD, null);
        Http.Reply refreshed = refresh(login.json().getString("refreshToken"));
        for (Http.Reply reply : List.of(registered, login, refreshed)) {
            assertTrue(reply.body().contains("accessToken"), reply::toString);
            assertEquals("no-store", reply.header("Cache-Control"), () -> "Cache-Control of " + reply);
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), () -> "X-Content-Type-Options of " + reply);
        }
    }

    @Test
    void storesOnlyHashesOfPasswordsAndRefreshTokens() throws Exception {
        String email = registered();
        JsonObject tokens = login(email, PASSWORD, null).json();
        try (Connection db = PostgresExtension.superuser()) {
            assertEquals(1, count(db, "SELECT count(*) FROM auth.refresh_token WHERE token_hash = ?",
                    MessageDigest.getInstance("SHA-256").digest(tokens.getString("refreshToken").getBytes(StandardCharsets.UTF_8))));
            assertEquals(0, count(db, "SELECT count(*) FROM auth.refresh_token WHERE encode(token_hash, 'escape') LIKE '%' || ? || '%'",
                    tokens.getString("refreshToken")));
            String hash = single(db, "SELECT password_hash FROM auth.app_user WHERE email = ?", email);
            assertTrue(hash.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), "PHC string with the configured cost: " + hash);
            assertFalse(hash.contains(PASSWORD));
        }
    }

    @Test
    void repeatedLoginsOfOneUserAlwaysWork() {
        String email = registered();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, login(email, PASSWORD, null).status());
        }
    }

    // ---------------------------------------------------------------- registration rules

    @Test
    void aSecondRegistrationOfTheSameEmailIs409WhateverItsCase() throws SQLException {
        String email = newEmail();
        assertEquals(201, register("Ann", email, PASSWORD).status());
        Http.Reply again = register("Other Ann", " " + email.toUpperCase(), "another password");
        assertEquals(409, again.status(), again::toString);
        assertEquals("user already exists", again.json().getString("error"));
        assertEquals(200, login(email.toUpperCase(), PASSWORD, null).status(), "login is case-insensitive too");
        assertEquals(401, login(email, "another password", address()).status(), "the second registration changed nothing");
        assertEquals(1, usersWith(email));
    }

    @Test
    void ofConcurrentRegistrationsOfOneEmailExactlyOneSucceeds() throws Exception {
        String email = newEmail();
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String name = "Racer " + i;
            replies.add(pool.submit(() -> {
                start.await();
                return register(name, email, PASSWORD);
            }));
        }
        start.countDown();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Future<Http.Reply> reply : replies) {
            statuses.merge(reply.get(60, TimeUnit.SECONDS).status(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of(201, 1, 409, racers - 1), statuses);
        assertEquals(1, usersWith(email));
    }

    @Test
    void everyRegistrationRuleIsA400NamingTheFieldAndChangesNothing() throws SQLException {
        String email = newEmail();
        assertInvalid(register("", email, PASSWORD), "name");
        assertInvalid(register("   ", email, PASSWORD), "name");
        assertInvalid(register("n".repeat(101), email, PASSWORD), "name");
        for (String bad : new String[]{"plain", "a@b", "a b@c.test", "@c.test", "x@" + "d".repeat(250) + ".test"}) {
            assertInvalid(register("Ann", bad, PASSWORD), "email");
        }
        assertInvalid(register("Ann", email, "x".repeat(7)), "password");
        assertInvalid(register("Ann", email, "x".repeat(129)), "password");
        Http.Reply nothing = http().post("/api/auth/register", "{}");
        assertEquals(400, nothing.status(), nothing::toString);
        assertEquals(3, nothing.json().getJsonObject("fields").size(), nothing::toString);
        assertEquals(0, usersWith(email));

        assertEquals(201, register("n".repeat(100), email, "x".repeat(128)).status(), "the upper bounds are allowed");
        assertEquals(201, register("A", newEmail(), "x".repeat(8)).status(), "the lower bounds are allowed");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Http.Reply reply = http().post("/api/auth/register", Json.createObjectBuilder().add("name", "Ann").add("email", newEmail())
                .add("password", PASSWORD).add("role", "admin").add("favouriteColour", "blue").build().toString());
        assertEquals(201, reply.status(), reply::toString);
        assertEquals(List.of("customer"), groups(reply.json().getString("accessToken")), "a client cannot choose its role");
    }

    @Test
    void malformedForeignAndOversizedBodiesAreRefusedBeforeAnyHash() throws Exception {
        Http.Reply malformed = http().post("/api/auth/register", "{\"name\": \"Ann\", ");
        assertEquals(400, malformed.status(), malformed::toString);
        assertEquals("malformed JSON body", malformed.json().getString("error"));

        Http.Reply form = http().send(http().request("/api/auth/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=a@b.test&password=12345678")));
        assertEquals(415, form.status(), form::toString);
        assertEquals(415, form.json().getInt("status"));

        String megabytePassword = "x".repeat(1024 * 1024);
        Http.Reply declared = onFreshConnection(http().request("/api/auth/register").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("name", "Ann").add("email", newEmail())
                        .add("password", megabytePassword).build().toString())));
        assertEquals(413, declared.status(), declared::toString);
        assertEquals(413, declared.json().getInt("status"));
        assertTrue(declared.json().containsKey("requestId"), declared::toString);

        byte[] chunkedBody = ("{\"email\":\"a@b.test\",\"password\":\"" + "x".repeat(20 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Http.Reply chunked = onFreshConnection(http().request("/api/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunkedBody))));
        assertEquals(413, chunked.status(), "a body without Content-Length is cut at the limit too: " + chunked);

        Http.Reply longPassword = login(newEmail(), "x".repeat(129), address());
        assertInvalid(longPassword, "password");
    }

    // ---------------------------------------------------------------- login answers

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        String email = registered();
        Http.Reply wrong = login(email, "not the password", address());
        Http.Reply unknown = login(newEmail(), PASSWORD, address());
        assertEquals(401, wrong.status(), wrong::toString);
        assertEquals(401, unknown.status(), unknown::toString);
        assertEquals("invalid credentials", wrong.json().getString("error"));
        assertEquals(withoutRequestId(wrong.json()), withoutRequestId(unknown.json()));
    }

    @Test
    void afterFiveFailuresAnAccountIsThrottledEvenWithTheRightPassword() {
        String email = registered();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(email, "guess " + i, address()).status(), "failure " + (i + 1));
        }
        Http.Reply throttled = login(email, PASSWORD, address());
        assertEquals(429, throttled.status(), throttled::toString);
        assertEquals(429, throttled.json().getInt("status"));
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After within the 15 minute window: " + retryAfter);
        assertEquals(200, login(registered(), PASSWORD, address()).status(), "other accounts are unaffected");
    }

    /** The owner who mistypes now and then is never locked out: each success starts the count again. */
    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        String email = registered();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(401, login(email, "typo " + i, address()).status(), "round " + round + ", failure " + (i + 1));
            }
            assertEquals(200, login(email, PASSWORD, address()).status(), "round " + round + ": four failures, then the right password");
        }
        assertEquals(401, login(email, "one more typo", address()).status(),
                "eight failures in all, but only one since the last success: not throttled");
    }

    @Test
    void afterFiftyFailuresFromOneAddressItIsThrottled() {
        String address = address();
        for (int i = 0; i < 50; i++) {
            assertEquals(401, login(newEmail(), PASSWORD, address).status(), "failure " + (i + 1));
        }
        String email = registered();
        Http.Reply throttled = login(email, PASSWORD, address);
        assertEquals(429, throttled.status(), throttled::toString);
        assertNotNull(throttled.header("Retry-After"));
        assertEquals(200, login(email, PASSWORD, address()).status(), "the account itself is fine from elsewhere");
    }

    /** Spelling the account differently (case, spaces) does not give an attacker fresh guesses. */
    @Test
    void theAccountThrottleCannotBeDodgedByRespellingTheEmail() {
        String email = registered();
        String[] spellings = {email.toUpperCase(), " " + email, email + "  ", email.substring(0, 1).toUpperCase() + email.substring(1), " " + email.toUpperCase() + " "};
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(spellings[i], "guess " + i, address()).status(), "failure " + (i + 1));
        }
        Http.Reply throttled = login(email, PASSWORD, address());
        assertEquals(429, throttled.status(), "five failures of one account in five spellings: " + throttled);
    }

    /**
     * Behind our proxy the client's address is the last X-Forwarded-For entry, the one the proxy
     * appended; whatever the client itself puts in front of it does not make it a new address.
     */
    @Test
    void theAddressThrottleCannotBeDodgedBySpoofingForwardedFor() {
        String address = address();
        for (int i = 0; i < 50; i++) {
            String spoofed = "203.0.113." + (i % 250) + ", 192.0.2." + (i % 250);
            assertEquals(401, login(newEmail(), PASSWORD, spoofed + ", " + address).status(), "failure " + (i + 1));
        }
        Http.Reply throttled = login(registered(), PASSWORD, "198.51.100.7, " + address);
        assertEquals(429, throttled.status(), "fifty failures from one address behind spoofed entries: " + throttled);
    }

    /**
     * Logging out ends the session: its access token, though unexpired and genuinely signed, no
     * longer opens the account or the admin list (other services trust it only until it expires).
     */
    @Test
    void aRevokedSessionsAccessTokenIsRefusedByAuth() {
        JsonObject customer = register("Ann", newEmail(), PASSWORD).json();
        JsonObject admin = login(ADMIN_EMAIL, ADMIN_PASSWORD, null).json();
        assertEquals(200, http().get("/api/auth/me", "Authorization", "Bearer " + customer.getString("accessToken")).status());
        assertEquals(200, http().get("/api/auth/users", "Authorization", "Bearer " + admin.getString("accessToken")).status());
        assertEquals(200, logout(customer.getString("refreshToken")).status());
        assertEquals(200, logout(admin.getString("refreshToken")).status());

        Http.Reply me = http().get("/api/auth/me", "Authorization", "Bearer " + customer.getString("accessToken"));
        assertEquals(401, me.status(), "a logged-out session's token: " + me);
        assertEquals(401, me.json().getInt("status"), me::toString);
        Http.Reply users = http().get("/api/auth/users", "Authorization", "Bearer " + admin.getString("accessToken"));
        assertEquals(401, users.status(), "a logged-out admin session's token: " + users);
        assertEquals(200, http().get("/api/auth/me", "Authorization", "Bearer " + login(ADMIN_EMAIL, ADMIN_PASSWORD, null).json()
                .getString("accessToken")).status(), "a new session works");
    }

    @Test
    void aHashMadeWithOtherParametersIsReplacedAtLogin() throws Exception {
        String email = newEmail();
        Argon2Cost old = new Argon2Cost(2048, 2, 1);
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        String oldHash = new PhcHash(old, salt, Argon2.derive(old, salt, PASSWORD.getBytes(StandardCharsets.UTF_8), 32)).format();
        try (Connection db = PostgresExtension.superuser();
             PreparedStatement insert = db.prepareStatement("INSERT INTO auth.app_user (name, email, password_hash) VALUES ('Old', ?, ?)")) {
            insert.setString(1, email);
            insert.setString(2, oldHash);
            insert.executeUpdate();
        }
        assertEquals(200, login(email, PASSWORD, null).status());
        try (Connection db = PostgresExtension.superuser()) {
            String now = single(db, "SELECT password_hash FROM auth.app_user WHERE email = ?", email);
            assertTrue(now.startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), "re-hashed at today's cost: " + now);
        }
        assertEquals(200, login(email, PASSWORD, null).status(), "and the new hash verifies");
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void theJwksPublishesThePublicKeyThatVerifiesAccessTokens() throws Exception {
        Http.Reply jwks = http().get("/api/auth/.well-known/jwks.json");
        assertEquals(200, jwks.status(), jwks::toString);
        JWKSet set = JWKSet.parse(jwks.body());
        assertEquals(1, set.getKeys().size());
        RSAKey key = set.getKeys().get(0).toRSAKey();
        assertFalse(key.isPrivate(), "never the private part");
        assertFalse(jwks.body().contains("\"d\""), jwks::toString);
        assertEquals("RS256", key.getAlgorithm().getName());
        assertEquals("sig", key.getKeyUse().identifier());

        SignedJWT token = SignedJWT.parse(register("Ann", newEmail(), PASSWORD).json().getString("accessToken"));
        assertEquals(key.getKeyID(), token.getHeader().getKeyID());
        assertTrue(token.verify(new RSASSAVerifier(key)));
    }

    @Test
    void forgedExpiredAndForeignTokensAreRejectedByValidateTokenAndByMe() throws Exception {
        JsonObject user = register("Ann", newEmail(), PASSWORD).json();
        SignedJWT genuine = SignedJWT.parse(user.getString("accessToken"));
        JWTClaimsSet claims = genuine.getJWTClaimsSet();
        assertTrue(validate(genuine.serialize()));
        long now = System.currentTimeMillis();

        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        Map<String, String> forged = new HashMap<>();
        forged.put("signed with another key", sign(claims, otherKey));
        forged.put("alg none", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims.toPayload().toBase64URL() + ".");
        byte[] publicKeyPem = Files.readAllBytes(Path.of(URI.create(System.getenv("MP_JWT_VERIFY_PUBLICKEY_LOCATION"))));
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        hs256.sign(new MACSigner(publicKeyPem));
        forged.put("HS256 keyed with the public key", hs256.serialize());
        forged.put("wrong issuer", TestTokens.sign(new JWTClaimsSet.Builder(claims).issuer("evil").build()));
        forged.put("expired", TestTokens.sign(new JWTClaimsSet.Builder(claims).issueTime(new Date(now - 1_200_000))
                .expirationTime(new Date(now - 600_000)).build()));
        forged.put("tampered groups", withClaims(genuine, new JWTClaimsSet.Builder(claims).claim("groups", List.of("admin", "customer")).build()));
        forged.put("not a JWT", "garbage");

        for (Map.Entry<String, String> token : forged.entrySet()) {
            assertFalse(validate(token.getValue()), token.getKey() + " must not validate");
            Http.Reply me = http().get("/api/auth/me", "Authorization", "Bearer " + token.getValue());
            assertEquals(401, me.status(), token.getKey() + " must not authenticate: " + me);
            assertEquals(401, me.json().getInt("status"), "a JSON error, not the server's page: " + me);
        }
        Http.Reply none = http().get("/api/auth/me");
        assertEquals(401, none.status(), none::toString);
        assertEquals(401, none.json().getInt("status"), none::toString);

        Http.Reply missing = http().post("/api/auth/validateToken", "{}");
        assertInvalid(missing, "token");
    }

    // ---------------------------------------------------------------- roles

    @Test
    void theConfiguredAdminListsUsersAndACustomerGets403() {
        Http.Reply admin = login("  " + ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD, null);
        assertEquals(200, admin.status(), "the first admin was created from VELURE_ADMIN_*: " + admin);
        String adminToken = admin.json().getString("accessToken");
        assertEquals(List.of("admin", "customer"), groups(adminToken));
        Http.Reply me = http().get("/api/auth/me", "Authorization", "Bearer " + adminToken);
        assertEquals("admin", me.json().getString("role"), me::toString);

        registered();
        registered();
        Http.Reply page = http().get("/api/auth/users?page=1&pageSize=2", "Authorization", "Bearer " + adminToken);
        assertEquals(200, page.status(), page::toString);
        JsonObject body = page.json();
        assertEquals(2, body.getJsonArray("users").size());
        assertEquals(1, body.getInt("page"));
        assertEquals(2, body.getInt("pageSize"));
        assertTrue(body.getInt("totalCount") >= 3, body::toString);
        assertEquals((body.getInt("totalCount") + 1) / 2, body.getInt("totalPages"));
        JsonObject first = body.getJsonArray("users").getJsonObject(0);
        for (String field : new String[]{"id", "name", "email", "role", "createdAt", "updatedAt"}) {
            assertTrue(first.containsKey(field), field + " in " + first);
        }
        assertFalse(page.body().contains("argon2"), "no hashes in the list");
        Http.Reply pastTheEnd = http().get("/api/auth/users?page=100000&pageSize=2", "Authorization", "Bearer " + adminToken);
        assertEquals(0, pastTheEnd.json().getJsonArray("users").size(), pastTheEnd::toString);
        for (String bad : new String[]{"page=0", "pageSize=0", "pageSize=101", "page=abc", "pageSize=1.5"}) {
            Http.Reply invalid = http().get("/api/auth/users?" + bad, "Authorization", "Bearer " + adminToken);
            assertEquals(400, invalid.status(), bad + ": " + invalid);
        }

        String customerToken = register("Cus", newEmail(), PASSWORD).json().getString("accessToken");
        Http.Reply forbidden = http().get("/api/auth/users", "Authorization", "Bearer " + customerToken);
        assertEquals(403, forbidden.status(), forbidden::toString);
        assertEquals(403, forbidden.json().getInt("status"), forbidden::toString);
        Http.Reply anonymous = http().get("/api/auth/users");
        assertEquals(401, anonymous.status(), anonymous::toString);
        assertEquals(401, anonymous.json().getInt("status"), anonymous::toString);
    }

    @Test
    void anAccountThatRegisteredTheAdminAddressFirstIsNotPromoted() throws SQLException {
        // The admin's row exists exactly once, as admin: start-up created it and registration cannot take it over.
        assertEquals(409, register("Mallory", ADMIN_EMAIL, "mallory-password").status());
        try (Connection db = PostgresExtension.superuser()) {
            assertEquals("admin", single(db, "SELECT role FROM auth.app_user WHERE email = ?", ADMIN_EMAIL));
        }
    }

    // ---------------------------------------------------------------- overload

    /**
     * Hashes have lately taken longer than a sign-in may wait (the failsafe environment sets that
     * wait and one hashing slot), and the only slot is taken: a login is refused at once, not
     * after waiting its maximum, with Retry-After.
     */
    @Test
    void whenHashingCannotServeALoginInTimeItIsRefusedAtOnceWithRetryAfter() throws Exception {
        String email = registered();
        // The queue judges by the average of finished hashes, which /metrics shows: slow ones until it is long enough.
        for (int taught = 0; hashingAverageMillis() <= SIGN_IN_MAX_WAIT.toMillis(); taught++) {
            assertTrue(taught < 30, "30 slow hashes did not raise the average past " + SIGN_IN_MAX_WAIT);
            assertEquals(200, http().post("/api/auth/test/slow-hash?iterations=150", "").status());
        }
        try {
            assertRefusedAtOnce(email);
        } finally { // cheap hashes again, so that later tests meet the queue as a normal day leaves it
            for (int cheap = 0; hashingAverageMillis() > 20 && cheap < 200; cheap++) {
                http().post("/api/auth/test/slow-hash?iterations=1", "");
            }
        }
        assertEquals(200, login(email, PASSWORD, null).status(), "free slots, normal service");
    }

    /** Every admitted hash is timed by how long it waited for its slot, per priority, in seconds. */
    @Test
    void eachAdmittedSignUpAndSignInCountsInTheQueueWaitTimer() {
        double signUps = hashingWaits("sign_up");
        double signIns = hashingWaits("sign_in");
        String email = registered();
        assertEquals(200, login(email, PASSWORD, null).status());
        assertEquals(signUps + 1, hashingWaits("sign_up"), "one sign-up timed");
        assertEquals(signIns + 1, hashingWaits("sign_in"), "one sign-in timed");
        Matcher max = Pattern.compile("(?m)^auth_hashing_wait_seconds_max\\{[^}]*priority=\"sign_up\"[^}]*\\} (\\S+)$")
                .matcher(http().get("/metrics").body());
        assertTrue(max.find(), "auth_hashing_wait_seconds_max in /metrics");
        assertTrue(Double.parseDouble(max.group(1)) < 60, "in seconds, not nanoseconds: " + max.group(1));
    }

    /** How many admitted requests of that priority /metrics has timed in the queue. */
    private double hashingWaits(String priority) {
        Matcher count = Pattern.compile("(?m)^auth_hashing_wait_seconds_count\\{[^}]*priority=\"" + priority + "\"[^}]*\\} (\\S+)$")
                .matcher(http().get("/metrics").body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    private void assertRefusedAtOnce(String email) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(HASHING_SLOTS);
        List<Future<Http.Reply>> slow = new ArrayList<>();
        for (int i = 0; i < HASHING_SLOTS; i++) {
            slow.add(pool.submit(() -> http().post("/api/auth/test/slow-hash?iterations=200", "")));
        }
        Http.Reply refused;
        Http.Reply unread;
        Http.Reply anyAnswer;
        long refusedAfterMillis;
        boolean slowHashesStillRunning;
        try {
            awaitRunningHashes(HASHING_SLOTS);
            long started = System.nanoTime();
            refused = login(email, PASSWORD, null);
            refusedAfterMillis = (System.nanoTime() - started) / 1_000_000;
            unread = http().post("/api/auth/login", "{\"email\": ");
            anyAnswer = http().get("/api/auth/.well-known/jwks.json");
            slowHashesStillRunning = slow.stream().noneMatch(Future::isDone);
        } finally {
            for (Future<Http.Reply> reply : slow) { // never leave the slots taken for the next test
                assertEquals(200, reply.get(120, TimeUnit.SECONDS).status());
            }
            pool.shutdown();
        }
        assertEquals(503, refused.status(), refused::toString);
        // refused by EarlyRefusal before JAX-RS: still the API's body and headers
        assertEquals(503, refused.json().getInt("status"));
        assertEquals("service overloaded, retry later", refused.json().getString("error"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1, refused::toString);
        assertEquals("nosniff", refused.header("X-Content-Type-Options"), refused::toString);
        assertNotNull(refused.header("X-Request-Id"), refused::toString);
        assertEquals(503, unread.status(), () -> "refused before the body is read (EarlyRefusal), so not a 400 for it: " + unread);
        assertTrue(slowHashesStillRunning, "the 503 came while the slots were still taken");
        assertTrue(anyAnswer.header(AdmissionRoom.HEADER).endsWith("POST /api/auth/login=0"),
                () -> "every answer tells the ingress there is no room for a sign-in: " + anyAnswer);
        assertTrue(refusedAfterMillis < SIGN_IN_MAX_WAIT.toMillis(),
                "refused on arrival, not after waiting " + SIGN_IN_MAX_WAIT + ": took " + refusedAfterMillis + " ms");
    }

    // ---------------------------------------------------------------- the published contract

    @Test
    void openApiDescribesRealRepliesIncludingErrors() {
        OpenApiDocument api = OpenApiDocument.of(base()).assertDescribesItself();
        String email = newEmail();
        Http.Reply registered = register("Ann", email, PASSWORD);
        api.assertDescribes("POST", "/api/auth/register", registered);
        api.assertDescribes("POST", "/api/auth/register", register("", "plain", "short"));
        api.assertDescribes("POST", "/api/auth/register", register("Ann", email, PASSWORD));
        Http.Reply login = login(email, PASSWORD, null);
        api.assertDescribes("POST", "/api/auth/login", login);
        api.assertDescribes("POST", "/api/auth/login", login(email, "wrong password", address()));
        api.assertDescribes("POST", "/api/auth/login", http().send(http().request("/api/auth/login")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello"))));
        String accessToken = login.json().getString("accessToken");
        Http.Reply refreshed = refresh(login.json().getString("refreshToken"));
        api.assertDescribes("POST", "/api/auth/refresh", refreshed);
        api.assertDescribes("POST", "/api/auth/refresh", refresh("no-such-token"));
        api.assertDescribes("POST", "/api/auth/validateToken",
                http().post("/api/auth/validateToken", Json.createObjectBuilder().add("token", accessToken).build().toString()));
        api.assertDescribes("GET", "/api/auth/me", http().get("/api/auth/me", "Authorization", "Bearer " + accessToken));
        api.assertDescribes("GET", "/api/auth/me", http().get("/api/auth/me"));
        api.assertDescribes("GET", "/api/auth/users", http().get("/api/auth/users", "Authorization", "Bearer " + accessToken));
        String adminToken = login(ADMIN_EMAIL, ADMIN_PASSWORD, null).json().getString("accessToken");
        api.assertDescribes("GET", "/api/auth/users?page=1&pageSize=2",
                http().get("/api/auth/users?page=1&pageSize=2", "Authorization", "Bearer " + adminToken));
        api.assertDescribes("GET", "/api/auth/users?page=0",
                http().get("/api/auth/users?page=0", "Authorization", "Bearer " + adminToken));
        api.assertDescribes("DELETE", "/api/auth/logout/x", logout(refreshed.json().getString("refreshToken")));
        api.assertDescribes("GET", "/api/auth/.well-known/jwks.json", http().get("/api/auth/.well-known/jwks.json"));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Sends on a connection of its own: java.net.http reuses a connection the server has just
     * closed (the 400/415 above answer "Connection: close") and then stalls writing a large body
     * into it, where curl or a browser simply reconnect.
     */
    private static Http.Reply onFreshConnection(HttpRequest.Builder request) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Reply(response.statusCode(), response.headers(), response.body());
    }

    private Http.Reply register(String name, String email, String password) {
        return http().post("/api/auth/register", Json.createObjectBuilder()
                .add("name", name).add("email", email).add("password", password).build().toString());
    }

    /** Logs in from {@code address} (X-Forwarded-For) or, when null, from the test's own address. */
    private Http.Reply login(String email, String password, String address) {
        String body = Json.createObjectBuilder().add("email", email).add("password", password).build().toString();
        return address == null ? http().post("/api/auth/login", body) : http().post("/api/auth/login", body, "X-Forwarded-For", address);
    }

    private Http.Reply refresh(String refreshToken) {
        return http().post("/api/auth/refresh", Json.createObjectBuilder().add("refreshToken", refreshToken).build().toString());
    }

    private Http.Reply logout(String refreshToken) {
        return http().send(http().request("/api/auth/logout/" + refreshToken).DELETE());
    }

    private boolean validate(String token) {
        Http.Reply reply = http().post("/api/auth/validateToken", Json.createObjectBuilder().add("token", token).build().toString());
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getBoolean("isValid");
    }

    private String registered() {
        String email = newEmail();
        Http.Reply reply = register("Test User", email, PASSWORD);
        assertEquals(201, reply.status(), reply::toString);
        return email;
    }

    private static String newEmail() {
        return "user-" + UUID.randomUUID() + "@velure.test";
    }

    /** A client address of its own for each call, from the benchmarking range 198.18.0.0/15. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "198.18." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }

    private static void assertInvalid(Http.Reply reply, String field) {
        assertEquals(400, reply.status(), reply::toString);
        assertEquals(400, reply.json().getInt("status"));
        assertTrue(reply.json().getJsonObject("fields").containsKey(field), field + " named in " + reply);
    }

    private static void assertAccessToken(String token, String userId, String email, List<String> groups) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertNotNull(jwt.getHeader().getKeyID(), "kid");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("velure-auth", claims.getIssuer());
        assertEquals(List.of("velure-api"), claims.getAudience(), "for the Velure API, which every service checks");
        assertEquals(userId, claims.getSubject());
        assertEquals(email, claims.getStringClaim("upn"));
        assertEquals(groups, claims.getStringListClaim("groups"));
        assertEquals(900, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertNotNull(claims.getJWTID());
        UUID.fromString(claims.getStringClaim("sid"));
    }

    private static String sessionOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sid");
    }

    private static List<String> groups(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("groups");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The genuine header and signature over other claims: what tampering with a token looks like. */
    private static String withClaims(SignedJWT genuine, JWTClaimsSet claims) {
        Base64URL[] parts = genuine.getParsedParts();
        return parts[0] + "." + claims.toPayload().toBase64URL() + "." + parts[2];
    }

    private static JsonObject withoutRequestId(JsonObject error) {
        return Json.createObjectBuilder(error).remove("requestId").build();
    }

    /** The queue's running average of one hash's time, from /metrics. */
    private long hashingAverageMillis() {
        Matcher value = Pattern.compile("(?m)^auth_hashing_seconds_average(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(http().get("/metrics").body());
        assertTrue(value.find(), "auth_hashing_seconds_average in /metrics");
        return Math.round(Double.parseDouble(value.group(1)) * 1000);
    }

    /** Waits (with a deadline) until /metrics shows that many hashes running. */
    private void awaitRunningHashes(int expected) throws InterruptedException {
        Pattern running = Pattern.compile("(?m)^auth_hashing_running(?:\\{[^}]*\\})? (\\S+)$");
        Instant deadline = Instant.now().plusSeconds(30);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = http().get("/metrics").body();
            Matcher value = running.matcher(last);
            if (value.find() && Double.parseDouble(value.group(1)) >= expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the slow hashes never filled the hashing slots; metrics: "
                + last.lines().filter(l -> l.startsWith("auth_hashing")).toList());
    }

    private static int usersWith(String email) throws SQLException {
        try (Connection db = PostgresExtension.superuser()) {
            return count(db, "SELECT count(*) FROM auth.app_user WHERE lower(email) = lower(?)", email);
        }
    }

    private static int count(Connection db, String sql, Object parameter) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String single(Connection db, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), sql);
                String value = rows.getString(1);
                assertFalse(rows.next(), sql);
                return value;
            }
        }
    }
}
