package com.velure.platform.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The only way into PostgreSQL: the container-managed pool, looked up by its JNDI name. Nothing in
 * a WAR opens a connection any other way.
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
}
