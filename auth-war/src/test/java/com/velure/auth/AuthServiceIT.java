package com.velure.auth;

import com.velure.platform.testing.ServiceContract;

/** The packaged auth WAR in Payara Micro with the pool from server-config/auth.asadmin. */
class AuthServiceIT extends ServiceContract {

    AuthServiceIT() {
        super("auth", "auth");
    }
}
