package com.velure.platform.error;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which database failures become 503 with Retry-After instead of 500. */
class DatabaseFailureTest {

    @Test
    void aStatementTimeoutIsAnUnavailableDatabaseNotAnInternalError() {
        // What Jdbi throws when the pool's statement timeout cancels a statement waiting on a lock.
        RuntimeException jdbi = new RuntimeException("unable to execute",
                new SQLException("ERROR: canceling statement due to user request", "57014"));
        assertEquals(DatabaseFailure.UNAVAILABLE, DatabaseFailure.of(jdbi));
    }

    @Test
    void connectionFailuresAndPoolWaitsAreRecognisedAndOtherErrorsAreNot() {
        assertEquals(DatabaseFailure.UNAVAILABLE, DatabaseFailure.of(new SQLException("refused", "08001")));
        assertEquals(DatabaseFailure.POOL_EXHAUSTED, DatabaseFailure.of(new RuntimeException("In-use connections equal max-pool-size and expired max-wait-time")));
        assertNull(DatabaseFailure.of(new SQLException("duplicate key", "23505")));
    }
}
