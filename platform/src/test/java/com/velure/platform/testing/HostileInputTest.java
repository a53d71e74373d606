package com.velure.platform.testing;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * What each WAR's hostile-input test shares: its own Payara Micro with the packaged WAR against the
 * test PostgreSQL (as {@link ServiceContract}, without repeating the contract's checks). The
 * subclass names the endpoints and sends them {@link HostileProbe}'s input.
 */
@ExtendWith(PostgresExtension.class)
@ExtendWith(TestKeys.class)
@ExtendWith(ArquillianExtension.class)
public abstract class HostileInputTest {

    @ArquillianResource
    protected URL base;

    @Deployment(testable = false)
    public static WebArchive war() {
        return ServiceContract.packagedWar();
    }

    protected URI base() {
        try {
            return base.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
