package com.velure.auth.account;

import com.velure.auth.password.HashingQueue;
import com.velure.auth.password.PasswordHasher;
import com.velure.auth.session.SessionStore;
import com.velure.auth.throttle.LoginThrottle;
import com.velure.auth.token.AccessTokens;
import com.velure.auth.token.RefreshTokens;
import com.velure.auth.token.TokenSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration, login, refresh, logout and token validation. No database connection is held while
 * a password hashes: a login reads the throttle and the account on one connection first, and each
 * operation then writes in one short transaction.
 * Answers are outcomes; what they mean in HTTP is the resource's business.
 */
@ApplicationScoped
public class AuthService {

    @Inject
    Jdbi jdbi;

    @Inject
    UserStore users;

    @Inject
    SessionStore sessions;

    @Inject
    PasswordHasher passwords;

    @Inject
    AccessTokens accessTokens;

    @Inject
    LoginThrottle throttle;

    @Inject
    @ConfigProperties
    TokenSettings tokenSettings;

    /** A token pair for a session; {@code expiresIn} is the access token's lifetime in seconds. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn) {
    }

    public sealed interface RegisterOutcome permits Invalid, EmailTaken, Registered {
    }

    public sealed interface LoginOutcome permits Invalid, Throttled, WrongCredentials, LoggedIn {
    }

    /** The input breaks a rule: field name to problem. Nothing was hashed or stored. */
    public record Invalid(Map<String, String> problems) implements RegisterOutcome, LoginOutcome {
    }

    public record EmailTaken() implements RegisterOutcome {
    }

    public record Registered(User user, Tokens tokens) implements RegisterOutcome {
    }

    public record Throttled(Duration retryAfter) implements LoginOutcome {
    }

    /** Unknown e-mail or wrong password: deliberately one answer. */
    public record WrongCredentials() implements LoginOutcome {
    }

    public record LoggedIn(Tokens tokens) implements LoginOutcome {
    }

    private record Opened(User user, UUID sessionId) {
    }

    /** What a login reads before its hash: the throttle's verdict, and the account unless throttled. */
    private record LoginRecord(Optional<Duration> blockedFor, Optional<UserStore.Credentials> credentials) {
    }

    public RegisterOutcome register(String name, String email, String password) {
        Map<String, String> problems = CredentialRules.checkRegistration(name, email, password);
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        String normalisedEmail = CredentialRules.normaliseEmail(email);
        String hash = passwords.hash(password, HashingQueue.Priority.SIGN_UP);
        String refreshToken = RefreshTokens.newToken();
        Instant refreshExpiry = refreshExpiry();
        Optional<Opened> opened = jdbi.inTransaction(db -> users.insert(db, name.strip(), normalisedEmail, hash, User.CUSTOMER)
                .map(user -> new Opened(user, sessions.open(db, user.id(), RefreshTokens.digest(refreshToken), refreshExpiry))));
        // Signed after commit: the connection is back in the pool before the RSA work.
        return opened.<RegisterOutcome>map(o -> new Registered(o.user, tokens(o.user.id(), o.user.email(), o.user.role(), o.sessionId, refreshToken)))
                .orElseGet(EmailTaken::new);
    }

    public LoginOutcome login(String email, String password, String clientAddress) {
        Map<String, String> problems = CredentialRules.checkLogin(email, password);
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        String normalisedEmail = CredentialRules.normaliseEmail(email);
        // Both reads on one pooled connection, which is back in the pool before the hash.
        LoginRecord record = jdbi.withHandle(db -> {
            Optional<Duration> wait = throttle.blockedFor(db, normalisedEmail, clientAddress);
            return new LoginRecord(wait, wait.isPresent() ? Optional.empty() : users.credentials(db, normalisedEmail));
        });
        if (record.blockedFor().isPresent()) {
            return new Throttled(record.blockedFor().get());
        }
        Optional<UserStore.Credentials> found = record.credentials();
        // Unknown e-mail: verify against a dummy hash all the same, so both answers take as long.
        PasswordHasher.Verification verification = passwords.verify(password, found.map(UserStore.Credentials::passwordHash).orElse(null));
        if (found.isEmpty() || !verification.matches()) {
            throttle.failed(normalisedEmail, clientAddress);
            return new WrongCredentials();
        }
        User user = found.get().user();
        String rehashed = verification.needsRehash() ? passwords.hash(password, HashingQueue.Priority.SIGN_IN) : null;
        String refreshToken = RefreshTokens.newToken();
        Instant refreshExpiry = refreshExpiry();
        UUID sessionId = jdbi.inTransaction(db -> {
            throttle.succeeded(db, normalisedEmail);
            if (rehashed != null) {
                users.replaceHash(db, user.id(), found.get().passwordHash(), rehashed);
            }
            return sessions.open(db, user.id(), RefreshTokens.digest(refreshToken), refreshExpiry);
        });
        return new LoggedIn(tokens(user.id(), user.email(), user.role(), sessionId, refreshToken));
    }

    /** New tokens for a current refresh token; empty when it is unknown, expired, revoked or reused. */
    public Optional<Tokens> refresh(String refreshToken) {
        if (refreshToken.length() > RefreshTokens.MAX_LENGTH) {
            return Optional.empty();
        }
        String next = RefreshTokens.newToken();
        return sessions.rotate(RefreshTokens.digest(refreshToken), RefreshTokens.digest(next), refreshExpiry())
                .map(owner -> tokens(owner.userId(), owner.email(), owner.role(), owner.sessionId(), next));
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
    public void logout(String refreshToken) {
        if (refreshToken.length() <= RefreshTokens.MAX_LENGTH) {
            sessions.revokeByRefreshToken(RefreshTokens.digest(refreshToken));
        }
    }

    /** Whether an access token is ours, intact, unexpired, and its session still open. */
    public boolean isValid(String accessToken) {
        Optional<UUID> session = accessTokens.verifiedSession(accessToken);
        return session.isPresent() && sessions.isActive(session.get());
    }

    private Instant refreshExpiry() {
        return Instant.now().plus(tokenSettings.refreshTokenLifetime());
    }

    private Tokens tokens(UUID userId, String email, String role, UUID sessionId, String refreshToken) {
        return new Tokens(accessTokens.issue(userId, email, role, sessionId), refreshToken, accessTokens.lifetime().toSeconds());
    }
}
