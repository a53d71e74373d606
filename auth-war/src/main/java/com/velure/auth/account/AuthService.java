package com.velure.auth.account;

import com.velure.auth.password.PasswordHasher;
import com.velure.auth.session.SessionStore;
import com.velure.auth.session.Transactions;
import com.velure.auth.token.AccessTokens;
import com.velure.auth.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration, login, refresh, logout and token validation. Each operation hashes (if it must)
 * first, with no database connection held, and then does its SQL in one short transaction.
 */
@ApplicationScoped
public class AuthService {

    @Inject
    DataSource dataSource;

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
    @ConfigProperty(name = "velure.auth.refresh-token.lifetime", defaultValue = "P7D")
    Duration refreshLifetime;

    private record Opened(User user, UUID sessionId) {
    }

    /** A token pair for a session. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn) {
    }

    /** What registration produced. */
    public record Registered(User user, Tokens tokens) {
    }

    public sealed interface RegisterOutcome permits Invalid, Taken, Done {
    }

    public record Invalid(Map<String, String> problems) implements RegisterOutcome, LoginOutcome {
    }

    public record Taken() implements RegisterOutcome {
    }

    public record Done(Registered registered) implements RegisterOutcome {
    }

    public sealed interface LoginOutcome permits Invalid, Throttled, Rejected, LoggedIn {
    }

    public record Throttled(Duration retryAfter) implements LoginOutcome {
    }

    public record Rejected() implements LoginOutcome {
    }

    public record LoggedIn(Tokens tokens) implements LoginOutcome {
    }

    public RegisterOutcome register(String name, String email, String password) throws SQLException {
        Map<String, String> problems = CredentialRules.checkRegistration(name, email, password);
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        String normalisedEmail = CredentialRules.normaliseEmail(email);
        String hash = passwords.hash(password);
        String refreshToken = RefreshTokens.newToken();
        Instant refreshExpiry = Instant.now().plus(refreshLifetime);
        Optional<Opened> opened = Transactions.inTransaction(dataSource, tx -> {
            Optional<User> user = users.insert(tx, name.strip(), normalisedEmail, hash, User.CUSTOMER);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Opened(user.get(), sessions.open(tx, user.get().id(), RefreshTokens.digest(refreshToken), refreshExpiry)));
        });
        // Signed after commit: the connection is back in the pool before the RSA work.
        return opened.<RegisterOutcome>map(o -> new Done(new Registered(o.user, tokens(o.user, o.sessionId, refreshToken))))
                .orElseGet(Taken::new);
    }

    public LoginOutcome login(String email, String password, String clientAddress) throws SQLException {
        Map<String, String> problems = CredentialRules.checkLogin(email, password);
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        String normalisedEmail = CredentialRules.normaliseEmail(email);
        Optional<Duration> wait = throttle.blockedFor(normalisedEmail, clientAddress);
        if (wait.isPresent()) {
            return new Throttled(wait.get());
        }
        Optional<UserStore.Credentials> found = users.credentials(normalisedEmail);
        // Unknown e-mail: verify against a dummy hash all the same, so both answers take as long.
        PasswordHasher.Verification verification = passwords.verify(password, found.map(UserStore.Credentials::passwordHash).orElse(null));
        if (found.isEmpty() || !verification.matches()) {
            throttle.failed(normalisedEmail, clientAddress);
            return new Rejected();
        }
        throttle.succeeded(normalisedEmail);
        User user = found.get().user();
        String rehashed = verification.needsRehash() ? passwords.hash(password) : null;
        String refreshToken = RefreshTokens.newToken();
        Instant refreshExpiry = Instant.now().plus(refreshLifetime);
        UUID sessionId = Transactions.inTransaction(dataSource, tx -> {
            if (rehashed != null) {
                users.replaceHash(tx, user.id(), found.get().passwordHash(), rehashed);
            }
            return sessions.open(tx, user.id(), RefreshTokens.digest(refreshToken), refreshExpiry);
        });
        return new LoggedIn(tokens(user, sessionId, refreshToken));
    }

    /** New tokens for a current refresh token; empty when it is unknown, expired, revoked or reused. */
    public Optional<Tokens> refresh(String refreshToken) throws SQLException {
        if (refreshToken.length() > RefreshTokens.MAX_LENGTH) {
            return Optional.empty();
        }
        String next = RefreshTokens.newToken();
        SessionStore.Rotation rotation = sessions.rotate(RefreshTokens.digest(refreshToken), RefreshTokens.digest(next),
                Instant.now().plus(refreshLifetime));
        if (rotation.outcome() != SessionStore.Rotation.Outcome.ROTATED) {
            return Optional.empty();
        }
        SessionStore.SessionOwner owner = rotation.owner();
        return Optional.of(tokens(owner.userId(), owner.email(), owner.role(), owner.sessionId(), next));
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
    public void logout(String refreshToken) throws SQLException {
        if (refreshToken.length() <= RefreshTokens.MAX_LENGTH) {
            sessions.revokeByRefreshToken(RefreshTokens.digest(refreshToken));
        }
    }

    /** Whether an access token is ours, intact, unexpired, and its session still open. */
    public boolean isValid(String accessToken) throws SQLException {
        Optional<UUID> session = accessTokens.verifiedSession(accessToken);
        return session.isPresent() && sessions.isActive(session.get());
    }

    private Tokens tokens(User user, UUID sessionId, String refreshToken) {
        return tokens(user.id(), user.email(), user.role(), sessionId, refreshToken);
    }

    private Tokens tokens(UUID userId, String email, String role, UUID sessionId, String refreshToken) {
        return new Tokens(accessTokens.issue(userId, email, role, sessionId), refreshToken, accessTokens.lifetime().toSeconds());
    }
}
