package com.velure.auth.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users in the auth schema; e-mail addresses arrive here already normalised. */
@ApplicationScoped
public class UserStore {

    private static final String COLUMNS = "id, name, email, role, created_at, updated_at";

    @Inject
    DataSource dataSource;

    /** A user with their stored password hash, for logging in. */
    public record Credentials(User user, String passwordHash) {
    }

    public Optional<Credentials> credentials(String email) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + COLUMNS + ", password_hash FROM app_user WHERE email = ?")) {
            query.setString(1, email);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new Credentials(user(rows), rows.getString("password_hash"))) : Optional.empty();
            }
        }
    }

    public Optional<User> byId(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(user(rows)) : Optional.empty();
            }
        }
    }

    public boolean exists(String email) throws SQLException {
        return credentials(email).isPresent();
    }

    /** One page in creation order, and the total count, read in one statement. */
    public Page page(int offset, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + COLUMNS + ", count(*) OVER () AS total FROM app_user ORDER BY created_at, id OFFSET ? LIMIT ?")) {
            query.setInt(1, offset);
            query.setInt(2, limit);
            List<User> users = new ArrayList<>();
            long total = -1;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    users.add(user(rows));
                    total = rows.getLong("total");
                }
            }
            return new Page(users, total >= 0 ? total : count(connection));
        }
    }

    /**
     * Inserts a user inside the caller's transaction; empty when the e-mail is taken. The unique
     * index decides, so of two concurrent registrations exactly one gets the row.
     */
    public Optional<User> insert(Connection tx, String name, String email, String passwordHash, String role) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO app_user (name, email, password_hash, role) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (email) DO NOTHING RETURNING " + COLUMNS)) {
            insert.setString(1, name);
            insert.setString(2, email);
            insert.setString(3, passwordHash);
            insert.setString(4, role);
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next() ? Optional.of(user(rows)) : Optional.empty();
            }
        }
    }

    /** Replaces a password hash made with old parameters; only if it is still the one that was verified. */
    public void replaceHash(Connection tx, UUID id, String verifiedHash, String newHash) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE app_user SET password_hash = ?, updated_at = now() WHERE id = ? AND password_hash = ?")) {
            update.setString(1, newHash);
            update.setObject(2, id);
            update.setString(3, verifiedHash);
            update.executeUpdate();
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM app_user");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static User user(ResultSet rows) throws SQLException {
        return new User(rows.getObject("id", UUID.class), rows.getString("name"), rows.getString("email"), rows.getString("role"),
                rows.getTimestamp("created_at").toInstant(), rows.getTimestamp("updated_at").toInstant());
    }

    /** A page of users and how many there are in all. */
    public record Page(List<User> users, long totalCount) {
    }
}
