package com.velure.platform.error;

import java.sql.SQLException;

/**
 * Recognises the database failures a client should retry rather than report: the pool's wait
 * expired (overload), or PostgreSQL cannot be reached or refuses connections.
 */
public enum DatabaseFailure {
    /** Every pooled connection stayed busy for the whole max wait. */
    POOL_EXHAUSTED,
    /** PostgreSQL is down, restarting, unreachable, out of connection slots, or too slow for the statement timeout. */
    UNAVAILABLE;

    /** Payara's message when a pool wait expires; it carries no SQLState of its own. */
    private static final String POOL_WAIT_EXPIRED = "expired max-wait-time";

    /** The failure somewhere in {@code error}'s cause chain, or null when it is none of these. */
    public static DatabaseFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(POOL_WAIT_EXPIRED)) {
                return POOL_EXHAUSTED;
            }
            if (t instanceof SQLException sql && isUnavailable(sql.getSQLState())) {
                return UNAVAILABLE;
            }
        }
        return null;
    }

    private static boolean isUnavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08")  // connection exceptions
                || sqlState.startsWith("57P")                  // admin shutdown, crash shutdown, cannot connect now
                || sqlState.equals("53300")                    // too many connections
                // query_canceled: the pool's statement timeout fired (a lock held, a database too slow);
                // the fault suite's scenario 5 got 500s for it, though a retry later succeeds
                || sqlState.equals("57014"));
    }
}
