package com.velure.auth;

import com.velure.auth.session.SessionStore;
import com.velure.auth.throttle.LoginThrottle;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps auth's tables to what is live: hourly, sessions ended more than a day ago and failed-login
 * counts of windows that have ended are deleted. Every replica runs it; the deletes are idempotent.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // plain DELETEs, no JTA needed
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Inject
    SessionStore sessions;

    @Inject
    LoginThrottle throttle;

    @Schedule(hour = "*", minute = "17", persistent = false)
    void purge() {
        try {
            int sessionsDeleted = sessions.purgeEnded();
            int countsDeleted = throttle.purgeExpired();
            LOG.fine(() -> "purged " + sessionsDeleted + " ended sessions and " + countsDeleted + " expired failed-login counts");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "purging ended sessions or failed-login counts failed; next hour tries again", e);
        }
    }
}
