package com.velure.auth.password;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * The one place the hashing bulkhead is sized: environment variable {@value #VARIABLE} when set,
 * otherwise one slot per CPU the JVM sees. MicroProfile Fault Tolerance reads a bulkhead's width
 * from the configuration key {@link #KEY} before its annotation, and an annotation cannot say
 * "one per CPU", so this configuration source (META-INF/services) answers that key, below every
 * other source, as Fault Tolerance documents its overrides.
 */
public class HashingBulkheadWidth implements ConfigSource {

    public static final String VARIABLE = "VELURE_AUTH_HASHING_CONCURRENCY";
    /** Fault Tolerance's name for the width of {@link HashingBulkhead#derive}. */
    public static final String KEY = HashingBulkhead.class.getName() + "/derive/Bulkhead/value";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? String.valueOf(width()) : null;
    }

    @Override
    public String getName() {
        return "velure-hashing-bulkhead-width";
    }

    @Override
    public int getOrdinal() {
        return 50; // below microprofile-config.properties (100) and the environment (300)
    }

    private static int width() {
        String configured = System.getenv(VARIABLE);
        if (configured != null && configured.matches("\\s*[1-9][0-9]{0,3}\\s*")) {
            return Integer.parseInt(configured.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
