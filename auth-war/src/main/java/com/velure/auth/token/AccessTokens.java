package com.velure.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks access tokens: RS256 JWTs with {@code kid}, issuer {@value #ISSUER}, audience
 * {@value #AUDIENCE} and the claims of API.md ({@code sub, upn, groups, iat, exp, jti, sid}), valid
 * as long as {@link TokenSettings} says.
 */
@ApplicationScoped
public class AccessTokens {

    public static final String ISSUER = "velure-auth";
    /**
     * Who the tokens are for: the Velure API. Every service verifies it
     * ({@code mp.jwt.verify.audiences}), so a token this issuer ever makes for anything else
     * (another audience, no audience) opens nothing here.
     */
    public static final String AUDIENCE = "velure-api";

    @Inject
    SigningKey key;

    @Inject
    @ConfigProperties
    TokenSettings settings;

    private RSASSASigner signer;
    private DefaultJWTProcessor<SecurityContext> verifier;

    @PostConstruct
    void init() {
        try {
            signer = new RSASSASigner(key.rsaKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the configured key", e);
        }
        verifier = new DefaultJWTProcessor<>();
        // Only RS256 with our published key(s): "none", HS256 and foreign keys find no key and fail.
        verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(key.publicKey()))));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(),
                Set.of("sub", "upn", "groups", "iat", "exp", "jti", "sid"));
        claims.setMaxClockSkew(0); // we are the issuer: there is no other clock to forgive
        verifier.setJWTClaimsSetVerifier(claims);
    }

    public Duration lifetime() {
        return settings.accessTokenLifetime;
    }

    /** A signed access token for this user in this session. */
    public String issue(UUID userId, String email, String role, UUID sessionId) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId.toString())
                .claim("upn", email)
                .claim("groups", "admin".equals(role) ? List.of("admin", "customer") : List.of("customer"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime())))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sessionId.toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.keyId()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an access token failed", e);
        }
        return jwt.serialize();
    }

    /**
     * The session id of a token we issued that is well-formed, correctly signed, from our issuer
     * and not expired; empty for anything else. Whether the session is still open is the caller's
     * question.
     */
    public Optional<UUID> verifiedSession(String token) {
        try {
            JWTClaimsSet claims = verifier.process(token, null);
            return Optional.of(UUID.fromString(claims.getStringClaim("sid")));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException invalid) {
            return Optional.empty();
        }
    }
}
