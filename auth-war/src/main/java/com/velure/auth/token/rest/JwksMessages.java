package com.velure.auth.token.rest;

import com.nimbusds.jose.jwk.RSAKey;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The JWKS body. Records of their own, declared before their users: Payara's OpenAPI describes a
 * record inside a list only when it has read the record's class first.
 */
public final class JwksMessages {

    private JwksMessages() {
    }

    /** An RSA public key as RFC 7517/7518 write it: never a private part. */
    public record PublicKey(@Schema(required = true, enumeration = "RSA") String kty,
                            @Schema(required = true, description = "the key's RFC 7638 thumbprint, as in the tokens' kid") String kid,
                            @Schema(required = true, enumeration = "sig") String use,
                            @Schema(required = true, enumeration = "RS256") String alg,
                            @Schema(required = true, description = "modulus, base64url") String n,
                            @Schema(required = true, description = "public exponent, base64url") String e) {
        static PublicKey of(RSAKey key) {
            return new PublicKey(key.getKeyType().getValue(), key.getKeyID(), key.getKeyUse().identifier(),
                    key.getAlgorithm().getName(), key.getModulus().toString(), key.getPublicExponent().toString());
        }
    }

    /** A JSON Web Key Set (RFC 7517). */
    public record JsonWebKeySet(@Schema(required = true, type = SchemaType.ARRAY, implementation = PublicKey.class) List<PublicKey> keys) {
    }
}
