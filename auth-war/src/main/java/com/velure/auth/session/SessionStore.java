package com.velure.auth.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
    DataSource dataSource;

    /** Opens a session with its first refresh token, inside the caller's transaction. */
    public UUID open(Connection tx, UUID userId, byte[] refreshTokenHash, Instant expiresAt) throws SQLException {
        UUID sessionId = UUID.randomUUID();
        try (PreparedStatement session = tx.prepareStatement(
                "INSERT INTO user_session (id, user_id, expires_at) VALUES (?, ?, ?)")) {
            session.setObject(1, sessionId);
            session.setObject(2, userId);
            session.setTimestamp(3, Timestamp.from(expiresAt));
            session.executeUpdate();
        }
        insertToken(tx, sessionId, refreshTokenHash, expiresAt);
        return sessionId;
    }

    /**
     * Exchanges a refresh token for a new one in one transaction. The conditional update makes two
     * concurrent exchanges of the same token come out as one rotation and one reuse.
     */
    public Rotation rotate(byte[] presentedHash, byte[] newHash, Instant newExpiry) throws SQLException {
        return Transactions.inTransaction(dataSource, tx -> {
            UUID sessionId = markRotated(tx, presentedHash);
            if (sessionId == null) {
                UUID reusedSession = rotatedSessionOf(tx, presentedHash);
                if (reusedSession != null) {
                    revoke(tx, reusedSession, "refresh token reused");
                    return new Rotation(Rotation.Outcome.REUSED, null);
                }
                return new Rotation(Rotation.Outcome.INVALID, null);
            }
            Optional<SessionOwner> owner = activeOwner(tx, sessionId);
            if (owner.isEmpty()) {
                return new Rotation(Rotation.Outcome.INVALID, null);
            }
            insertToken(tx, sessionId, newHash, newExpiry);
            try (PreparedStatement extend = tx.prepareStatement("UPDATE user_session SET expires_at = ? WHERE id = ?")) {
                extend.setTimestamp(1, Timestamp.from(newExpiry));
                extend.setObject(2, sessionId);
                extend.executeUpdate();
            }
            return new Rotation(Rotation.Outcome.ROTATED, owner.get());
        });
    }

    /** Revokes the session a refresh token (current or already rotated) belongs to; nothing if unknown. */
    public void revokeByRefreshToken(byte[] tokenHash) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement revoke = connection.prepareStatement(
                     "UPDATE user_session SET revoked_at = now(), revoked_reason = 'logout' WHERE revoked_at IS NULL"
                             + " AND id = (SELECT session_id FROM refresh_token WHERE token_hash = ?)")) {
            revoke.setBytes(1, tokenHash);
            revoke.executeUpdate();
        }
    }

    /** Whether the session exists, is not revoked and has not expired. */
    public boolean isActive(UUID sessionId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM user_session WHERE id = ? AND revoked_at IS NULL AND expires_at > now()")) {
            query.setObject(1, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Deletes sessions (and so their tokens) that expired or were revoked more than a day ago. */
    public int purgeEnded() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement purge = connection.prepareStatement(
                     "DELETE FROM user_session WHERE expires_at < now() - interval '1 day'"
                             + " OR revoked_at < now() - interval '1 day'")) {
            return purge.executeUpdate();
        }
    }

    private static UUID markRotated(Connection tx, byte[] tokenHash) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE refresh_token SET rotated_at = now() WHERE token_hash = ? AND rotated_at IS NULL"
                        + " AND expires_at > now() RETURNING session_id")) {
            update.setBytes(1, tokenHash);
            try (ResultSet rows = update.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }
    }

    private static UUID rotatedSessionOf(Connection tx, byte[] tokenHash) throws SQLException {
        try (PreparedStatement query = tx.prepareStatement(
                "SELECT session_id FROM refresh_token WHERE token_hash = ? AND rotated_at IS NOT NULL")) {
            query.setBytes(1, tokenHash);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getObject(1, UUID.class) : null;
            }
        }
    }

    private static Optional<SessionOwner> activeOwner(Connection tx, UUID sessionId) throws SQLException {
        try (PreparedStatement query = tx.prepareStatement(
                "SELECT u.id, u.email, u.role FROM user_session s JOIN app_user u ON u.id = s.user_id"
                        + " WHERE s.id = ? AND s.revoked_at IS NULL")) {
            query.setObject(1, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next()
                        ? Optional.of(new SessionOwner(sessionId, rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)))
                        : Optional.empty();
            }
        }
    }

    private static void revoke(Connection tx, UUID sessionId, String reason) throws SQLException {
        try (PreparedStatement revoke = tx.prepareStatement(
                "UPDATE user_session SET revoked_at = now(), revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            revoke.setString(1, reason);
            revoke.setObject(2, sessionId);
            revoke.executeUpdate();
        }
    }

    private static void insertToken(Connection tx, UUID sessionId, byte[] tokenHash, Instant expiresAt) throws SQLException {
        try (PreparedStatement token = tx.prepareStatement(
                "INSERT INTO refresh_token (token_hash, session_id, expires_at) VALUES (?, ?, ?)")) {
            token.setBytes(1, tokenHash);
            token.setObject(2, sessionId);
            token.setTimestamp(3, Timestamp.from(expiresAt));
            token.executeUpdate();
        }
    }

    /** Who a session belongs to: what a new access token needs. */
    public record SessionOwner(UUID sessionId, UUID userId, String email, String role) {
    }

    /** The result of presenting a refresh token. */
    public record Rotation(Outcome outcome, SessionOwner owner) {
        public enum Outcome { ROTATED, REUSED, INVALID }
    }
}
