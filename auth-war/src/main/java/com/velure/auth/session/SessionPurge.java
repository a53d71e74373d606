package com.velure.auth.session;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the session tables to live sessions: hourly, ended sessions older than a day are deleted. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // one plain DELETE, no JTA needed
public class SessionPurge {

    private static final Logger LOG = Logger.getLogger(SessionPurge.class.getName());

    @Inject
    SessionStore sessions;

    @Schedule(hour = "*", minute = "17", persistent = false)
    void purge() {
        try {
            int deleted = sessions.purgeEnded();
            LOG.fine(() -> "purged " + deleted + " ended sessions");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "purging ended sessions failed; next hour tries again", e);
        }
    }
}
