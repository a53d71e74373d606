package com.velure.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The only way into PostgreSQL: the container-managed pool, looked up by its JNDI name, and Jdbi
 * on top of it. Stores inject {@link Jdbi} and run plain SQL with named parameters through
 * {@code jdbi.withHandle(...)} (one statement, autocommit) or {@code jdbi.inTransaction(...)}
 * (several statements, one local transaction); either borrows a pooled connection for exactly that
 * work and gives it back. Nothing in a WAR opens a connection any other way, and no store holds one
 * across an HTTP call or a password hash.
 */
@ApplicationScoped
public class DataSourceProducer {

    @Inject
    ServiceDatabase database;

    @Produces
    @ApplicationScoped
    DataSource dataSource() {
        try {
            return (DataSource) new InitialContext().lookup(database.jndiName());
        } catch (NamingException e) {
            throw new IllegalStateException("JDBC resource " + database.jndiName()
                    + " is missing: start Payara Micro with the service's boot command file from server-config/", e);
        }
    }

    /** A singleton, not application-scoped: Jdbi has final methods, so CDI cannot proxy it (and it is thread-safe). */
    @Produces
    @Singleton
    Jdbi jdbi(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(dataSource);
        // text[] columns (product images and colours) bind from and map to List<String>
        jdbi.registerArrayType(String.class, "text");
        return jdbi;
    }
}
