package com.velure.platform.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens for tests, signed with the test key pair the build points every service at
 * ({@code VELURE_JWT_PRIVATE_KEY_LOCATION}, {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}; see
 * {@link TestKeys}), shaped like auth-war's: RS256 with {@code typ: JWT} (Payara refuses a token without it),
 * issuer {@value #ISSUER}, audience {@value #AUDIENCE}, the claims of API.md.
 */
public final class TestTokens {

    /** The issuer every service verifies ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "velure-auth";
    /** The audience every service verifies ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "velure-api";

    private TestTokens() {
    }

    public static String customer(String userId, String email) {
        return sign(userId, email, List.of("customer"), Duration.ofMinutes(15));
    }

    public static String admin(String userId, String email) {
        return sign(userId, email, List.of("admin", "customer"), Duration.ofMinutes(15));
    }

    /** A token with any lifetime (negative for an expired one) and groups. */
    public static String sign(String userId, String email, List<String> groups, Duration lifetime) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId)
                .claim("upn", email)
                .claim("groups", groups)
                .claim("sid", UUID.randomUUID().toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.plus(lifetime.isNegative() ? lifetime.multipliedBy(2) : Duration.ZERO)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build());
    }

    /** Any claims at all (a wrong issuer, a missing claim), signed with the key the services trust. */
    public static String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("test").build(), claims);
            jwt.sign(new RSASSASigner(privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS#8 PEM key DevKeys wrote, read with the JDK alone (nimbus' PEM parser needs BouncyCastle). */
    private static PrivateKey privateKey() {
        try {
            String base64 = Files.readString(TestKeys.privateKeyFile()).replaceAll("-----[A-Z ]+-----|\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("bad test private key", e);
        }
    }
}
