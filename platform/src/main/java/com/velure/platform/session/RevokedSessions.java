package com.velure.platform.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.UUID;

/**
 * Whether a session was revoked (logout, reuse of a rotated refresh token), asked of auth's
 * {@code auth.session_revoked(uuid)}: the only thing of auth's the other services' roles may use
 * (group role {@code revocation_reader}). Each answer is kept for {@code velure.session-revocation.check-millis}
 * (2 s unless set), so a revocation committed by any auth replica stops the session's access
 * tokens at every replica of every service within that time, at the cost of one indexed query per
 * active session and interval on each replica. When PostgreSQL cannot answer, the request fails
 * like any other that needs the database (503): a token is never let through unchecked.
 */
@ApplicationScoped
public class RevokedSessions {

    private static final int MAX_SESSIONS_KEPT = 100_000;

    @Inject
    Jdbi jdbi;

    @Inject
    @ConfigProperty(name = "velure.session-revocation.check-millis", defaultValue = "2000")
    long checkMillis;

    private Cache<UUID, Boolean> answers;

    @PostConstruct
    void createCache() {
        answers = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMillis(checkMillis))
                .maximumSize(MAX_SESSIONS_KEPT)
                .executor(Runnable::run) // upkeep on request threads, none on the JVM's common pool
                .build();
    }

    public boolean isRevoked(UUID sessionId) {
        return answers.get(sessionId, this::ask);
    }

    private boolean ask(UUID sessionId) {
        return jdbi.withHandle(db -> db.createQuery("SELECT auth.session_revoked(:sid)")
                .bind("sid", sessionId).mapTo(Boolean.class).one());
    }
}
