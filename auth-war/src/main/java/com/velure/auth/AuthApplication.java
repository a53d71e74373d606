package com.velure.auth;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The auth service's JAX-RS application. Served from the root so that every unknown path, not
 * only those under /api/auth, gets the API's JSON 404.
 */
@ApplicationPath("/")
public class AuthApplication extends Application {
}
