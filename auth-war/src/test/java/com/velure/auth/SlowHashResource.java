package com.velure.auth;

import com.velure.auth.password.Argon2;
import com.velure.auth.password.Argon2Cost;
import com.velure.auth.password.HashingQueue;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** Test-only: one deliberately slow hash through the real hashing queue. Never in the real WAR. */
@Path("api/auth/test/slow-hash")
public class SlowHashResource {

    @Inject
    HashingQueue queue;

    @POST
    public String hash(@QueryParam("iterations") int iterations) {
        queue.run(HashingQueue.Priority.SIGN_IN,
                () -> Argon2.derive(new Argon2Cost(8 * 1024, iterations, 1), new byte[16], "slow".getBytes(), 32));
        return "hashed";
    }
}
