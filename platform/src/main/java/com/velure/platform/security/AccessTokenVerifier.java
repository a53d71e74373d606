package com.velure.platform.security;

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
import com.velure.platform.session.RevokedSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
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
 * The one check of an access token, for every service and every way a token arrives (the
 * Authorization header through {@link BearerAuthentication}, order's {@code ?token=} for
 * EventSource): an RS256 signature by a key of {@code mp.jwt.verify.publickey} or
 * {@code mp.jwt.verify.publickey.location} (PEM or JWK(S); file, class path or URL), issuer
 * {@code mp.jwt.verify.issuer}, audience {@code mp.jwt.verify.audiences}, expiry and not-before
 * within {@code mp.jwt.verify.clock.skew} seconds, the claims auth always issues, and a session
 * that {@link RevokedSessions} does not list. The settings keep MicroProfile JWT's names, which the
 * deployments already set.
 *
 * <p>Why not Payara's MicroProfile JWT: it authenticates through Jakarta Security's JASPIC bridge,
 * which runs for every request of the application, token or not, and builds exception stack
 * traces on the way: 7–17 % of each service's CPU under load (loadtest/reports/cpu-reduced, perf).
 * Checking the token is Nimbus' work either way.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class.getName());
    private static final String INVALID = "missing, invalid or expired access token";
    private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "exp", "iat", "jti", "sid", "groups");

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    /** Comma-separated, as MicroProfile JWT reads it. */
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

    /**
     * The token's caller, or a 401 that says why not: "session revoked", or one message for every
     * other fault (a client learns nothing from which check a forged token failed). A 503 when the
     * list of revoked sessions is too old to trust (see {@link RevokedSessions}).
     */
    public VerifiedToken require(String token) {
        if (token == null || token.isBlank()) {
            throw refused(INVALID);
        }
        JWTClaimsSet claims;
        UUID sessionId;
        try {
            claims = processor().process(token.strip(), null);
            sessionId = UUID.fromString(claims.getStringClaim("sid"));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException e) {
            LOG.fine(() -> "rejected access token: " + e.getMessage());
            throw refused(INVALID);
        }
        if (revokedSessions.isRevoked(sessionId)) {
            throw refused("session revoked");
        }
        List<String> groups;
        try {
            groups = claims.getStringListClaim("groups");
        } catch (ParseException notAList) {
            throw refused(INVALID);
        }
        return new VerifiedToken(claims.getSubject(), groups == null ? Set.of() : Set.copyOf(groups), sessionId, token.strip());
    }

    /** A 401 that tells the client its token is the problem (RFC 6750, section 3.1). */
    private static NotAuthorizedException refused(String message) {
        return new NotAuthorizedException(message, Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"").build());
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
        // A HashSet: Nimbus asks the set whether it contains null, which Set.of answers with an exception.
        Set<String> accepted = audiences.map(list -> new HashSet<>(List.of(list.strip().split("\\s*,\\s*")))).orElse(null);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(accepted,
                new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS, null);
        claims.setMaxClockSkew(clockSkewSeconds);
        jwt.setJWTClaimsSetVerifier(claims);
        return jwt;
    }

    /** Only RS256 with the configured key(s): "none", HS256 and any key named in the token itself find nothing. */
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
        } catch (IOException | ParseException | JOSEException | RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot load the access-token verification key; every token is refused", e);
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

    /** An X.509 "PUBLIC KEY" PEM, read with the JDK alone (Nimbus' PEM parser needs BouncyCastle). */
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
