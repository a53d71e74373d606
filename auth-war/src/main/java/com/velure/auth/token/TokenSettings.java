package com.velure.auth.token;

import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** The signing key and the lifetimes of access and refresh tokens (ISO-8601 durations). */
@ConfigProperties(prefix = "velure")
public class TokenSettings {

    /** The PKCS#8 PEM RSA key access tokens are signed with; no default, every deployment brings its own. */
    @ConfigProperty(name = "jwt.private-key.location")
    String privateKeyLocation;

    @ConfigProperty(name = "auth.access-token.lifetime", defaultValue = "PT15M")
    Duration accessTokenLifetime;

    /** Renewed by every refresh, so a session lives as long as it is used within this time. */
    @ConfigProperty(name = "auth.refresh-token.lifetime", defaultValue = "P7D")
    Duration refreshTokenLifetime;

    public Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }
}
