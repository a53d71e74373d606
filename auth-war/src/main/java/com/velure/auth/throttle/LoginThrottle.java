package com.velure.auth.throttle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing: after so many failed logins for one account, or from one client
 * address, within a window from the first ({@link LoginThrottleSettings}), further logins for that
 * account or from that address are refused until the window ends, without costing a hash. A
 * successful login clears its account's count.
 *
 * <p>The counts live in PostgreSQL (auth's {@code login_failure} table), so the limit holds for the
 * whole fleet however many replicas the ingress spreads the attempts over: each failure is one
 * atomic upsert, each check one indexed read. Only attempts already past the check when the limit
 * is reached (logins of that account in flight at that moment) can exceed it, as on one instance.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String ACCOUNT = "account";
    private static final String ADDRESS = "address";

    @Inject
    @ConfigProperties
    LoginThrottleSettings settings;

    @Inject
    Jdbi jdbi;

    /** How long this login must wait, or empty when it may proceed; read on the caller's handle. */
    public Optional<Duration> blockedFor(Handle db, String email, String address) {
        Long waitMillis = db.createQuery("SELECT ceil(extract(epoch FROM max(window_start) + :window * interval '1 millisecond' - now()) * 1000)::bigint"
                        + " FROM login_failure WHERE window_start > now() - :window * interval '1 millisecond'"
                        + " AND ((kind = 'account' AND subject = :email AND failures >= :accountLimit)"
                        + " OR (kind = 'address' AND subject = :address AND failures >= :addressLimit))")
                .bind("window", settings.window.toMillis())
                .bind("email", email).bind("accountLimit", settings.accountFailures)
                .bind("address", address).bind("addressLimit", settings.addressFailures)
                .mapTo(Long.class).one();
        return waitMillis == null || waitMillis <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(waitMillis));
    }

    /**
     * Counts one failure for the account and one for the address. The account's row is always
     * written before the address's, so concurrent failures never lock the two in opposite orders.
     */
    public void failed(String email, String address) {
        jdbi.useHandle(db -> db.createUpdate("INSERT INTO login_failure AS f (kind, subject, window_start, failures)"
                        + " VALUES ('" + ACCOUNT + "', :email, now(), 1), ('" + ADDRESS + "', :address, now(), 1)"
                        + " ON CONFLICT (kind, subject) DO UPDATE SET"
                        + " failures = CASE WHEN f.window_start > now() - :window * interval '1 millisecond' THEN f.failures + 1 ELSE 1 END,"
                        + " window_start = CASE WHEN f.window_start > now() - :window * interval '1 millisecond' THEN f.window_start ELSE now() END")
                .bind("email", email).bind("address", address).bind("window", settings.window.toMillis())
                .execute());
    }

    /** Clears the account's count, in the caller's transaction (the one that opens the session). */
    public void succeeded(Handle transaction, String email) {
        transaction.createUpdate("DELETE FROM login_failure WHERE kind = '" + ACCOUNT + "' AND subject = :email")
                .bind("email", email).execute();
    }

    /** Deletes the counts of windows that have ended; returns how many. */
    public int purgeExpired() {
        return jdbi.withHandle(db -> db.createUpdate("DELETE FROM login_failure WHERE window_start <= now() - :window * interval '1 millisecond'")
                .bind("window", settings.window.toMillis()).execute());
    }
}
