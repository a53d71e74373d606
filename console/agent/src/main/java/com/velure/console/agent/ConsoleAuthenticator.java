package com.velure.console.agent;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import org.jolokia.server.core.config.ConfigKey;
import org.jolokia.server.core.config.Configuration;

import javax.security.auth.Subject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Set;

/**
 * The agent's authenticator ({@code authClass}): HTTP Basic with the agent's {@code user} and
 * {@code password} (from its config file, generated per installation), compared in constant time.
 * Only the console knows them; it names the administrator it has logged in in
 * {@value #ADMIN_HEADER}, and Jolokia runs the request as a Subject with that principal, so an MBean
 * operation can log who called it. Without the header the caller is the agent user itself.
 */
public final class ConsoleAuthenticator extends Authenticator {

    /** Set by the console's proxy for every request it forwards; never taken from a browser. */
    public static final String ADMIN_HEADER = "X-Velure-Admin";
    /** Where Jolokia's HTTP handler looks for the Subject to run a request as. */
    private static final String SUBJECT_ATTRIBUTE = "org.jolokia.jaasSubject";
    private static final int MAX_ADMIN_NAME = 254;

    private final String user;
    private final byte[] password;
    private final BasicAuthenticator basic;

    public ConsoleAuthenticator(Configuration config) {
        this.user = config.getConfig(ConfigKey.USER);
        String secret = config.getConfig(ConfigKey.PASSWORD);
        if (user == null || user.isBlank() || secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the console agent needs user and a password of at least 16 characters");
        }
        this.password = secret.getBytes(StandardCharsets.UTF_8);
        this.basic = new BasicAuthenticator(config.getConfig(ConfigKey.REALM) == null ? "jolokia" : config.getConfig(ConfigKey.REALM)) {
            @Override
            public boolean checkCredentials(String givenUser, String givenPassword) {
                boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), givenUser.getBytes(StandardCharsets.UTF_8));
                boolean passwordMatches = MessageDigest.isEqual(password, givenPassword.getBytes(StandardCharsets.UTF_8));
                return userMatches & passwordMatches;
            }
        };
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        Result result = basic.authenticate(exchange);
        if (!(result instanceof Success)) {
            return result;
        }
        String admin = exchange.getRequestHeaders().getFirst(ADMIN_HEADER);
        String name = admin == null || admin.isBlank() || admin.length() > MAX_ADMIN_NAME
                ? user
                : admin.strip() + " (console)";
        // HttpPrincipal's name carries the realm ("jolokia:..."); the Subject gets the plain name.
        exchange.setAttribute(SUBJECT_ATTRIBUTE, new Subject(true, Set.of(new Caller(name)), Set.of(), Set.of()));
        return new Success(new HttpPrincipal(name, basic.getRealm()));
    }

    private record Caller(String name) implements Principal {

        @Override
        public String getName() {
            return name;
        }
    }
}
