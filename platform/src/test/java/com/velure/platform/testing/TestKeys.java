package com.velure.platform.testing;

import com.velure.devsupport.DevKeys;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Creates the test JWT key pair where the build's environment says the services will look for it
 * ({@code VELURE_JWT_PRIVATE_KEY_LOCATION}, {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}), before
 * Arquillian boots Payara Micro. Register it before {@code ArquillianExtension}.
 */
public final class TestKeys implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            DevKeys.ensureRsaKeyPair(privateKeyFile(), publicKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path privateKeyFile() {
        return location("VELURE_JWT_PRIVATE_KEY_LOCATION");
    }

    static Path publicKeyFile() {
        return location("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    }

    private static Path location(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalStateException(variable + " is not set: the build sets it (see the failsafe configuration)");
        }
        return value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(value);
    }
}
