package com.velure.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key access tokens are signed with, read once from the PKCS#8 PEM file named by
 * {@link TokenSettings} (environment {@code VELURE_JWT_PRIVATE_KEY_LOCATION}).
 * Its key id is the RFC 7638 thumbprint of the public key, so the same key always gets the same
 * {@code kid} and a new key a new one.
 */
@ApplicationScoped
public class SigningKey {

    @Inject
    @ConfigProperties
    TokenSettings settings;

    private RSAKey key;

    @PostConstruct
    void load() {
        String location = settings.privateKeyLocation;
        key = read(Path.of(location.startsWith("file:") ? location.substring("file:".length()).replaceFirst("^//", "") : location));
    }

    /** The key pair (private part included): for signing only, never published. */
    RSAKey rsaKey() {
        return key;
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public key that verifies access tokens. */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    static RSAKey read(Path file) {
        try {
            String pem = Files.readString(file);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException("expected a PKCS#8 PEM private key (BEGIN PRIVATE KEY) in " + file);
            }
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey withoutId = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
            return new RSAKey.Builder(withoutId)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint()
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the token signing key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException | JOSEException e) {
            throw new IllegalStateException("the token signing key " + file + " is not an RSA private key: " + e.getMessage(), e);
        }
    }
}
