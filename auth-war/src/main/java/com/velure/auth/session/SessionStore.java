package com.velure.auth.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions and their refresh tokens (by SHA-256 only) in the auth schema. A refresh token is
 * exchanged at most once; presenting a token that was already exchanged revokes its session,
 * since either the client or a thief holds a copy.
 */
@ApplicationScoped
public class SessionStore {

    @Inject
    Jdbi jdbi;

    /** Who a session belongs to: what a new access token needs. */
    public record SessionOwner(UUID sessionId, UUID userId, String email, String role) {
    }

    /** Opens a session with its first refresh token, inside the caller's transaction. */
    public UUID open(Handle transaction, UUID userId, byte[] refreshTokenHash, Instant expiresAt) {
        UUID sessionId = UUID.randomUUID();
        transaction.createUpdate("INSERT INTO user_session (id, user_id, expires_at) VALUES (:id, :userId, :expiresAt)")
                .bind("id", sessionId).bind("userId", userId).bind("expiresAt", expiresAt)
                .execute();
        insertToken(transaction, sessionId, refreshTokenHash, expiresAt);
        return sessionId;
    }

    /**
     * Exchanges a refresh token for a new one in one transaction; empty when the token is unknown,
     * expired, already exchanged (which revokes its session) or its session has ended. The
     * conditional update makes two concurrent exchanges of one token come out as one rotation and
     * one reuse.
     */
    public Optional<SessionOwner> rotate(byte[] presentedHash, byte[] newHash, Instant newExpiry) {
        return jdbi.inTransaction(db -> {
            Optional<UUID> sessionId = db.createQuery("UPDATE refresh_token SET rotated_at = now()"
                            + " WHERE token_hash = :hash AND rotated_at IS NULL AND expires_at > now() RETURNING session_id")
                    .bind("hash", presentedHash).mapTo(UUID.class).findOne();
            if (sessionId.isEmpty()) {
                db.createUpdate("UPDATE user_session SET revoked_at = now(), revoked_reason = 'refresh token reused'"
                                + " WHERE revoked_at IS NULL"
                                + " AND id = (SELECT session_id FROM refresh_token WHERE token_hash = :hash AND rotated_at IS NOT NULL)")
                        .bind("hash", presentedHash).execute();
                return Optional.empty();
            }
            Optional<SessionOwner> owner = db.createQuery("SELECT u.id, u.email, u.role FROM user_session s"
                            + " JOIN app_user u ON u.id = s.user_id WHERE s.id = :id AND s.revoked_at IS NULL")
                    .bind("id", sessionId.get())
                    .map((row, context) -> new SessionOwner(sessionId.get(), row.getObject("id", UUID.class),
                            row.getString("email"), row.getString("role")))
                    .findOne();
            if (owner.isPresent()) {
                insertToken(db, sessionId.get(), newHash, newExpiry);
                db.createUpdate("UPDATE user_session SET expires_at = :expiresAt WHERE id = :id")
                        .bind("expiresAt", newExpiry).bind("id", sessionId.get()).execute();
            }
            return owner;
        });
    }

    /** Revokes the session a refresh token (current or already rotated) belongs to; nothing if unknown. */
    public void revokeByRefreshToken(byte[] tokenHash) {
        jdbi.useHandle(db -> db.createUpdate("UPDATE user_session SET revoked_at = now(), revoked_reason = 'logout'"
                        + " WHERE revoked_at IS NULL AND id = (SELECT session_id FROM refresh_token WHERE token_hash = :hash)")
                .bind("hash", tokenHash).execute());
    }

    /** Whether the session exists, is not revoked and has not expired. */
    public boolean isActive(UUID sessionId) {
        return jdbi.withHandle(db -> db.createQuery("SELECT 1 FROM user_session"
                        + " WHERE id = :id AND revoked_at IS NULL AND expires_at > now()")
                .bind("id", sessionId).mapTo(Integer.class).findOne().isPresent());
    }

    /** Deletes sessions (and so their tokens) that expired or were revoked more than a day ago. */
    public int purgeEnded() {
        return jdbi.withHandle(db -> db.createUpdate("DELETE FROM user_session"
                + " WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'").execute());
    }

    private static void insertToken(Handle transaction, UUID sessionId, byte[] tokenHash, Instant expiresAt) {
        transaction.createUpdate("INSERT INTO refresh_token (token_hash, session_id, expires_at) VALUES (:hash, :sessionId, :expiresAt)")
                .bind("hash", tokenHash).bind("sessionId", sessionId).bind("expiresAt", expiresAt)
                .execute();
    }
}
