package com.velure.auth.account.rest;

import com.velure.auth.account.AuthService;
import com.velure.auth.account.User;
import com.velure.auth.account.UserStore;
import com.velure.auth.web.ClientAddress;
import com.velure.platform.error.ApiError;
import com.velure.platform.request.RequestIds;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/** The public auth API under /api/auth (see API.md): thin HTTP over {@link AuthService}. */
@Path("api/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;

    @Inject
    AuthService auth;

    @Inject
    UserStore users;

    @Inject
    JsonWebToken caller;

    @Context
    HttpServletRequest request;

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public Response register(AuthMessages.RegisterRequest body) throws SQLException {
        AuthMessages.RegisterRequest given = required(body);
        AuthService.RegisterOutcome outcome = auth.register(given.name(), given.email(), given.password());
        if (outcome instanceof AuthService.Invalid invalid) {
            throw invalid(invalid.problems());
        }
        if (outcome instanceof AuthService.Done done) {
            return Response.status(Response.Status.CREATED).entity(AuthMessages.Registered.of(done.registered())).build();
        }
        throw new WebApplicationException("user already exists", Response.Status.CONFLICT);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public AuthMessages.TokenPair login(AuthMessages.LoginRequest body) throws SQLException {
        AuthMessages.LoginRequest given = required(body);
        String client = ClientAddress.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        AuthService.LoginOutcome outcome = auth.login(given.email(), given.password(), client);
        if (outcome instanceof AuthService.Invalid invalid) {
            throw invalid(invalid.problems());
        }
        if (outcome instanceof AuthService.Throttled throttled) {
            throw new WebApplicationException("too many failed logins, retry later", Response.status(429)
                    .header(HttpHeaders.RETRY_AFTER, Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000)).build());
        }
        if (outcome instanceof AuthService.LoggedIn loggedIn) {
            return AuthMessages.TokenPair.of(loggedIn.tokens());
        }
        throw invalidCredentials("invalid credentials");
    }

    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public AuthMessages.TokenPair refresh(AuthMessages.RefreshRequest body) throws SQLException {
        String token = requiredField("refreshToken", required(body).refreshToken());
        return auth.refresh(token).map(AuthMessages.TokenPair::of)
                .orElseThrow(() -> invalidCredentials("invalid refresh token"));
    }

    @DELETE
    @Path("logout/{refreshToken}")
    @PermitAll
    public AuthMessages.Message logout(@PathParam("refreshToken") String refreshToken) throws SQLException {
        auth.logout(refreshToken);
        return new AuthMessages.Message("logout successful");
    }

    @POST
    @Path("validateToken")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public AuthMessages.Validity validateToken(AuthMessages.ValidateRequest body) throws SQLException {
        String token = requiredField("token", required(body).token());
        return new AuthMessages.Validity(auth.isValid(token));
    }

    @GET
    @Path("me")
    @RolesAllowed({User.CUSTOMER, User.ADMIN})
    public AuthMessages.UserView me() throws SQLException {
        UUID id;
        try {
            id = UUID.fromString(caller.getSubject());
        } catch (IllegalArgumentException | NullPointerException notOurs) {
            throw invalidCredentials("invalid token");
        }
        return users.byId(id).map(AuthMessages.UserView::of).orElseThrow(() -> invalidCredentials("unknown user"));
    }

    @GET
    @Path("users")
    @RolesAllowed(User.ADMIN)
    public AuthMessages.UserPage users(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) throws SQLException {
        int pageNumber = number("page", page, 1, 1, Integer.MAX_VALUE);
        int size = number("pageSize", pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        long offset = (long) (pageNumber - 1) * size;
        if (offset > Integer.MAX_VALUE) {
            throw invalid(Map.of("page", "is too large"));
        }
        return AuthMessages.UserPage.of(users.page((int) offset, size), pageNumber, size);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new BadRequestException("a JSON body is required");
        }
        return body;
    }

    private String requiredField(String name, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(Map.of(name, "is required"));
        }
        return value;
    }

    private int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw invalid(Map.of(name, max == Integer.MAX_VALUE ? "must be a whole number >= " + min
                : "must be a whole number from " + min + " to " + max));
    }

    private WebApplicationException invalid(Map<String, String> fields) {
        return new WebApplicationException(ApiError.invalid("invalid input", fields, requestId()));
    }

    private static NotAuthorizedException invalidCredentials(String message) {
        return new NotAuthorizedException(message, Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }

    private String requestId() {
        Object id = request.getAttribute(RequestIds.PROPERTY);
        return id == null ? null : id.toString();
    }

}
