package com.velure.auth.password;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Sizes the hashing bulkhead to the machine: environment variable
 * {@value #VARIABLE} when set, otherwise the number of CPUs the JVM sees. Supplied as a
 * MicroProfile Config source (with a low ordinal, so an explicit Fault Tolerance setting of
 * {@link HashingBulkhead#SIZE_KEY} still wins) because an annotation value cannot be computed.
 */
public class HashingConcurrency implements ConfigSource {

    public static final String VARIABLE = "VELURE_AUTH_HASHING_CONCURRENCY";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(HashingBulkhead.SIZE_KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(HashingBulkhead.SIZE_KEY, size());
    }

    @Override
    public String getValue(String propertyName) {
        return HashingBulkhead.SIZE_KEY.equals(propertyName) ? size() : null;
    }

    @Override
    public String getName() {
        return "velure-hashing-concurrency";
    }

    @Override
    public int getOrdinal() {
        return 50; // below microprofile-config.properties (100) and the environment (300)
    }

    static String size() {
        String configured = System.getenv(VARIABLE);
        if (configured != null && configured.matches("\\s*[1-9][0-9]{0,3}\\s*")) {
            return configured.trim();
        }
        return String.valueOf(Runtime.getRuntime().availableProcessors());
    }
}
