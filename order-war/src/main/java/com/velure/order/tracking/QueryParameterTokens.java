package com.velure.order.tracking;

import com.velure.platform.session.RevokedSessions;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Verifies an access token passed as {@code ?token=}, for the one endpoint a browser's EventSource
 * calls (it cannot send headers). MicroProfile JWT only reads the Authorization header, so this
 * checks the same things with the same settings: RS256 signature against
 * {@code mp.jwt.verify.publickey(.location)} (PEM or JWKS, file or URL), issuer
 * {@code mp.jwt.verify.issuer}, audience {@code mp.jwt.verify.audiences}, expiry and not-before,
 * the claims Payara requires, and that the token's session ({@code sid}) has not been revoked.
 */
@ApplicationScoped
public class QueryParameterTokens {

    private static final Logger LOG = Logger.getLogger(QueryParameterTokens.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    /** Comma-separated, as MicroProfile JWT reads it (Payara injects no Optional of a collection). */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> inlineKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "0")
    int clockSkewSeconds;

    @Inject
    RevokedSessions revokedSessions;

    private volatile DefaultJWTProcessor<SecurityContext> processor;

    /** Who a valid token speaks for: the user and the session it belongs to. */
    public record Caller(String userId, UUID sessionId) {
    }

    /** The token's user and session when the token is valid and its session not revoked; empty otherwise. */
    public Optional<Caller> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor().process(token.trim(), null);
            UUID sessionId = UUID.fromString(claims.getStringClaim("sid"));
            // The revocation check platform's SessionRevocation makes for header tokens.
            if (revokedSessions.isRevoked(sessionId) || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Caller(claims.getSubject(), sessionId));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException e) {
            LOG.fine(() -> "rejected query token: " + e.getMessage());
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current == null) {
            synchronized (this) {
                if (processor == null) {
                    processor = newProcessor();
                }
                current = processor;
            }
        }
        return current;
    }

    private DefaultJWTProcessor<SecurityContext> newProcessor() {
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSKeySelector(keySelector());
        // A HashSet: nimbus asks the set whether it contains null, which Set.of answers with an exception.
        Set<String> accepted = audiences.map(list -> new HashSet<>(List.of(list.strip().split("\\s*,\\s*")))).orElse(null);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(accepted,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat", "jti", "sid"), null);
        claims.setMaxClockSkew(clockSkewSeconds);
        jwt.setJWTClaimsSetVerifier(claims);
        return jwt;
    }

    private JWSKeySelector<SecurityContext> keySelector() {
        try {
            if (inlineKey.isPresent()) {
                return localKeys(inlineKey.get());
            }
            String location = keyLocation.orElseThrow(() -> new IllegalStateException(
                    "neither mp.jwt.verify.publickey nor mp.jwt.verify.publickey.location is set"));
            if (location.startsWith("http://") || location.startsWith("https://")) {
                return new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, JWKSourceBuilder.create(new URL(location)).build());
            }
            return localKeys(read(location));
        } catch (IOException | ParseException | JOSEException e) {
            LOG.log(Level.SEVERE, "cannot load the JWT verification key; query tokens are refused", e);
            return (header, context) -> List.of();
        }
    }

    /** Keys from PEM or JWK(S) text; any of them may verify an RS256 token, whatever its kid. */
    private static JWSKeySelector<SecurityContext> localKeys(String text) throws ParseException, JOSEException {
        List<Key> publicKeys = new ArrayList<>();
        if (text.contains("-----BEGIN")) {
            publicKeys.add(pemPublicKey(text));
        } else {
            List<JWK> keys = text.contains("\"keys\"") ? JWKSet.parse(text).getKeys() : List.of(JWK.parse(text));
            for (JWK key : keys) {
                if (key instanceof RSAKey rsa) {
                    publicKeys.add(rsa.toRSAPublicKey());
                }
            }
        }
        List<Key> verifiers = List.copyOf(publicKeys);
        return (header, context) -> JWSAlgorithm.RS256.equals(header.getAlgorithm()) ? verifiers : List.of();
    }

    /** An X.509 "PUBLIC KEY" PEM, read with the JDK alone (nimbus' PEM parser needs BouncyCastle). */
    private static Key pemPublicKey(String pem) throws JOSEException {
        try {
            byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----|\\s", ""));
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new JOSEException("not an RSA public key in PEM", e);
        }
    }

    private static String read(String location) throws IOException {
        if (location.startsWith("file:")) {
            return Files.readString(Path.of(URI.create(location)), StandardCharsets.UTF_8);
        }
        String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource.replaceFirst("^/", ""))) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }
}
