package com.velure.auth.password;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * The one door every password hash goes through, so that hashing can never take more CPUs than
 * the machine has. How many hashes run at once is configuration, not this annotation: see
 * {@link HashingBulkheadWidth}. A request that finds every slot busy tries again for at most
 * 300 ms and then gets a BulkheadException, which platform answers with 503 and Retry-After: a
 * burst waits briefly, an overload is refused fast instead of queueing for seconds.
 *
 * <p>Callers must not hold a database connection while they are here.
 */
@ApplicationScoped
public class HashingBulkhead {

    @Bulkhead // width: HashingBulkheadWidth
    @Retry(retryOn = BulkheadException.class, maxRetries = 15, delay = 20, jitter = 10, maxDuration = 300)
    public byte[] derive(Argon2Cost cost, byte[] salt, byte[] password, int length) {
        return Argon2.derive(cost, salt, password, length);
    }
}
