package com.velure.auth.account;

import com.velure.auth.password.PasswordHasher;
import com.velure.auth.session.Transactions;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Creates the first admin at start-up from {@code velure.admin.email} / {@code velure.admin.password}
 * (environment {@code VELURE_ADMIN_EMAIL} / {@code VELURE_ADMIN_PASSWORD}) when no account has that
 * e-mail. There is no default: without both settings there is no admin. An existing account is
 * left as it is (never promoted, its password never replaced), so a customer who registered the
 * address first does not become admin.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrations")
@TransactionManagement(TransactionManagementType.BEAN)
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    @ConfigProperty(name = "velure.admin.email")
    Optional<String> email;

    @Inject
    @ConfigProperty(name = "velure.admin.password")
    Optional<String> password;

    @Inject
    DataSource dataSource;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher passwords;

    @PostConstruct
    void createFirstAdmin() {
        if (email.isEmpty() || password.isEmpty()) {
            LOG.info("No first admin configured (VELURE_ADMIN_EMAIL and VELURE_ADMIN_PASSWORD)");
            return;
        }
        Map<String, String> problems = CredentialRules.checkRegistration("admin", email.get(), password.get());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the configured first admin is invalid: " + problems);
        }
        String normalised = CredentialRules.normaliseEmail(email.get());
        try {
            if (users.exists(normalised)) {
                LOG.info(() -> "First admin " + normalised + " exists already; left unchanged");
                return;
            }
            String hash = passwords.hash(password.get()); // no connection held while hashing
            boolean created = Transactions.inTransaction(dataSource,
                    tx -> users.insert(tx, "Administrator", normalised, hash, User.ADMIN).isPresent());
            LOG.info(() -> created ? "Created the first admin " + normalised : "First admin " + normalised + " exists already");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the first admin", e);
        }
    }
}
