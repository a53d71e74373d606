package com.velure.platform.web;

import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Set;

/**
 * Which browser origins may call a service from another origin, read once from MicroProfile
 * Config: {@code velure.http.cors.allowed-origins} (env {@code VELURE_HTTP_CORS_ALLOWED_ORIGINS},
 * comma-separated exact origins as a browser sends them, {@code scheme://host[:port]}, e.g.
 * {@code https://shop.example.com,https://admin.example.com}) and
 * {@code velure.http.cors.max-age-seconds} (how long a browser may reuse a preflight answer).
 * None by default: a deployment that serves its UI from another origin names it. The defaults
 * here are the only ones. (Not a CDI {@code @ConfigProperties} bean: Payara does not produce
 * those for classes of a library jar.)
 */
public record CorsSettings(Set<String> allowedOrigins, long maxAgeSeconds) {

    static final long DEFAULT_MAX_AGE_SECONDS = 600;

    public static CorsSettings from(Config config) {
        List<String> origins = config.getOptionalValues("velure.http.cors.allowed-origins", String.class).orElse(List.of());
        return new CorsSettings(Set.copyOf(origins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList()),
                config.getOptionalValue("velure.http.cors.max-age-seconds", Long.class).orElse(DEFAULT_MAX_AGE_SECONDS));
    }
}
