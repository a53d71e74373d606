package com.velure.auth.account;

import java.time.Instant;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record User(UUID id, String name, String email, String role, Instant createdAt, Instant updatedAt) {

    public static final String CUSTOMER = "customer";
    public static final String ADMIN = "admin";
}
