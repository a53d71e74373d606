package com.velure.auth.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Users in the auth schema; e-mail addresses arrive here already normalised. */
@ApplicationScoped
public class UserStore {

    private static final String COLUMNS = "id, name, email, role, created_at, updated_at";
    private static final RowMapper<User> USER = (row, context) -> new User(row.getObject("id", UUID.class),
            row.getString("name"), row.getString("email"), row.getString("role"),
            row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());

    @Inject
    Jdbi jdbi;

    /** A user with their stored password hash, for logging in. */
    public record Credentials(User user, String passwordHash) {
    }

    /** A page of users and how many there are in all. */
    public record Page(List<User> users, long totalCount) {
    }

    /** The account and its hash, read on the caller's handle. */
    public Optional<Credentials> credentials(Handle db, String email) {
        return db.createQuery("SELECT " + COLUMNS + ", password_hash FROM app_user WHERE email = :email")
                .bind("email", email)
                .map((row, context) -> new Credentials(USER.map(row, context), row.getString("password_hash")))
                .findOne();
    }

    public Optional<User> byId(UUID id) {
        return jdbi.withHandle(db -> db.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE id = :id")
                .bind("id", id).map(USER).findOne());
    }

    /** One page in creation order and the total count, in one statement (a second only past the end). */
    public Page page(long offset, int limit) {
        return jdbi.withHandle(db -> {
            List<Map.Entry<User, Long>> rows = db.createQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total"
                            + " FROM app_user ORDER BY created_at, id OFFSET :offset LIMIT :limit")
                    .bind("offset", offset).bind("limit", limit)
                    .map((row, context) -> Map.entry(USER.map(row, context), row.getLong("total")))
                    .list();
            long total = rows.isEmpty() ? db.createQuery("SELECT count(*) FROM app_user").mapTo(Long.class).one()
                    : rows.get(0).getValue();
            return new Page(rows.stream().map(Map.Entry::getKey).toList(), total);
        });
    }

    /**
     * Inserts a user inside the caller's transaction; empty when the e-mail is taken. The unique
     * index decides, so of two concurrent registrations exactly one gets the row.
     */
    public Optional<User> insert(Handle transaction, String name, String email, String passwordHash, String role) {
        return transaction.createQuery("INSERT INTO app_user (name, email, password_hash, role)"
                        + " VALUES (:name, :email, :hash, :role) ON CONFLICT (email) DO NOTHING RETURNING " + COLUMNS)
                .bind("name", name).bind("email", email).bind("hash", passwordHash).bind("role", role)
                .map(USER).findOne();
    }

    /** Replaces a password hash made with old parameters; only if it is still the one that was verified. */
    public void replaceHash(Handle transaction, UUID id, String verifiedHash, String newHash) {
        transaction.createUpdate("UPDATE app_user SET password_hash = :newHash, updated_at = now()"
                        + " WHERE id = :id AND password_hash = :verifiedHash")
                .bind("newHash", newHash).bind("id", id).bind("verifiedHash", verifiedHash)
                .execute();
    }
}
