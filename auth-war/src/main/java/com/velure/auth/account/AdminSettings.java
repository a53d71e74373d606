package com.velure.auth.account;

import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The first admin, given at deployment ({@code VELURE_ADMIN_EMAIL}, {@code VELURE_ADMIN_PASSWORD}).
 * There is no default: without both there is no admin.
 */
@ConfigProperties(prefix = "velure.admin")
public class AdminSettings {

    @ConfigProperty(name = "email")
    Optional<String> email;

    @ConfigProperty(name = "password")
    Optional<String> password;
}
