package com.velure.console;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Hawtio's login with the project's own accounts: the e-mail and password go to auth-war's
 * {@code POST /api/auth/login}, and only an account whose access token carries group {@code admin}
 * gets in. Auth's rules apply unchanged (Argon2id, failed-login throttling). The token is read, not
 * verified: it comes straight from auth over the connection this module opened to the configured
 * address, and the auth session it opened is ended at once, since the console keeps its own.
 */
public final class AdminLoginModule implements LoginModule {

    /** JAAS option: auth-war's base URL, e.g. {@code http://localhost:8081}. */
    static final String AUTH_URL = "authUrl";

    private static final Logger LOG = Logger.getLogger(AdminLoginModule.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Subject subject;
    private CallbackHandler callbacks;
    private String authUrl;
    private String email;
    private boolean succeeded;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.authUrl = String.valueOf(options.get(AUTH_URL));
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("e-mail");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[]{name, password});
        } catch (Exception e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        String given = name.getName() == null ? "" : name.getName().strip();
        char[] secret = password.getPassword() == null ? new char[0] : password.getPassword();
        password.clearPassword();
        JsonObject tokens = login(given, new String(secret));
        JsonObject claims = claims(tokens.getString("accessToken", ""));
        logout(tokens.getString("refreshToken", ""));
        boolean admin = claims.getJsonArray("groups") != null && claims.getJsonArray("groups").stream()
                .anyMatch(group -> group instanceof JsonString text && text.getString().equals(AdminRole.ADMIN));
        if (!admin) {
            LOG.warning("console login refused for " + given + ": not an admin");
            throw new FailedLoginException("not an admin");
        }
        email = claims.getString("upn", given);
        succeeded = true;
        return true;
    }

    private JsonObject login(String givenEmail, String givenPassword) throws LoginException {
        String body = Json.createObjectBuilder().add("email", givenEmail).add("password", givenPassword).build().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(authUrl + "/api/auth/login"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            LOG.severe("console login: auth at " + authUrl + " unreachable: " + e);
            throw new LoginException("auth service unreachable");
        }
        if (response.statusCode() != 200) {
            LOG.warning("console login refused for " + givenEmail + ": auth answered " + response.statusCode());
            throw new FailedLoginException("auth answered " + response.statusCode());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static JsonObject claims(String jwt) throws LoginException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new LoginException("auth returned no access token");
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(payload))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                throw new LoginException("auth returned an unreadable access token");
            }
            return object;
        }
    }

    private void logout(String refreshToken) {
        if (refreshToken.isEmpty()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(authUrl + "/api/auth/logout/"
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).DELETE().build();
        HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public boolean commit() {
        if (!succeeded) {
            return false;
        }
        subject.getPrincipals().add(new AdminPrincipal(email));
        subject.getPrincipals().add(new AdminRole(AdminRole.ADMIN));
        LOG.info("console login: " + email);
        return true;
    }

    @Override
    public boolean abort() {
        succeeded = false;
        email = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(p -> p instanceof AdminPrincipal || p instanceof AdminRole);
        return true;
    }
}
