package com.velure.auth.account;

import com.velure.auth.password.HashingQueue;
import com.velure.auth.password.PasswordHasher;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.jdbi.v3.core.Jdbi;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Creates the first admin at start-up from {@link AdminSettings} when no account has that e-mail.
 * An existing account is left as it is (never promoted, its password never replaced), so a
 * customer who registered the address first does not become admin.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrations")
@TransactionManagement(TransactionManagementType.BEAN)
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    @ConfigProperties
    AdminSettings admin;

    @Inject
    Jdbi jdbi;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher passwords;

    @PostConstruct
    void createFirstAdmin() {
        if (admin.email.isEmpty() || admin.password.isEmpty()) {
            LOG.info("No first admin configured (VELURE_ADMIN_EMAIL and VELURE_ADMIN_PASSWORD)");
            return;
        }
        String password = admin.password.get();
        Map<String, String> problems = CredentialRules.checkRegistration("admin", admin.email.get(), password);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the configured first admin is invalid: " + problems);
        }
        String email = CredentialRules.normaliseEmail(admin.email.get());
        String hash = passwords.hash(password, HashingQueue.Priority.SIGN_IN); // no connection held while hashing
        boolean created = jdbi.withHandle(db -> users.insert(db, "Administrator", email, hash, User.ADMIN).isPresent());
        LOG.info(() -> created ? "Created the first admin " + email : "First admin " + email + " exists already; left unchanged");
    }
}
