package com.velure.auth.account.rest;

import com.velure.auth.account.AuthService;
import com.velure.auth.account.User;
import com.velure.auth.account.UserStore;
import com.velure.platform.error.ApiError;
import com.velure.platform.security.VerifiedToken;
import com.velure.platform.web.InvalidInput;
import com.velure.platform.web.PageRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.Map;
import java.util.UUID;

/**
 * The public auth API under /api/auth (see API.md): thin HTTP over {@link AuthService}, and the
 * only place that turns its outcomes into statuses. Errors are platform's {@link ApiError.Body},
 * named by reference: Payara leaves a library class given as {@code implementation} undescribed.
 *
 * <p>The public methods carry no {@code @PermitAll}: unannotated methods are open anyway.
 */
@Path("api/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final String ERROR = "Error"; // the OpenAPI name of ApiError.Body

    /** The admin user list's page size when the client names none (API unchanged). */
    private static final int DEFAULT_PAGE_SIZE = 20;

    @Inject
    AuthService auth;

    @Inject
    UserStore users;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a customer account and log it in")
    @APIResponse(responseCode = "201", description = "registered, with the tokens of a new session",
            content = @Content(schema = @Schema(implementation = AuthMessages.RegisterResponse.class)))
    @APIResponse(responseCode = "400", description = "a field breaks a rule, or the body is not JSON", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "409", description = "user already exists", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public Response register(AuthMessages.RegisterRequest body) {
        AuthMessages.RegisterRequest given = required(body);
        AuthService.RegisterOutcome outcome = auth.register(given.name(), given.email(), given.password());
        if (outcome instanceof AuthService.Invalid invalid) {
            throw new InvalidInput("invalid input", invalid.problems());
        }
        if (outcome instanceof AuthService.Registered registered) {
            return Response.status(Response.Status.CREATED).entity(AuthMessages.RegisterResponse.of(registered)).build();
        }
        throw new ClientErrorException("user already exists", Response.Status.CONFLICT);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in: open a session")
    @APIResponse(responseCode = "200", description = "the tokens of a new session",
            content = @Content(schema = @Schema(implementation = AuthMessages.TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "not an e-mail, or no password", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", description = "invalid credentials (unknown e-mail and wrong password alike)",
            content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "429", description = "too many failed logins for the account or from the address",
            headers = @Header(name = HttpHeaders.RETRY_AFTER), content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public AuthMessages.TokenResponse login(AuthMessages.LoginRequest body) {
        AuthMessages.LoginRequest given = required(body);
        String client = ClientAddress.of(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        AuthService.LoginOutcome outcome = auth.login(given.email(), given.password(), client);
        if (outcome instanceof AuthService.Invalid invalid) {
            throw new InvalidInput("invalid input", invalid.problems());
        }
        if (outcome instanceof AuthService.Throttled throttled) {
            throw new ClientErrorException("too many failed logins, retry later", Response.status(429)
                    .header(HttpHeaders.RETRY_AFTER, Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000)).build());
        }
        if (outcome instanceof AuthService.LoggedIn loggedIn) {
            return AuthMessages.TokenResponse.of(loggedIn.tokens());
        }
        throw unauthorized("invalid credentials");
    }

    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a refresh token for new tokens; the old one stops working")
    @APIResponse(responseCode = "200", description = "new tokens for the same session",
            content = @Content(schema = @Schema(implementation = AuthMessages.TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "no refreshToken", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", description = "unknown, expired, revoked or reused (which revokes the session)",
            content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public AuthMessages.TokenResponse refresh(AuthMessages.RefreshRequest body) {
        String token = requiredField("refreshToken", required(body).refreshToken());
        return auth.refresh(token).map(AuthMessages.TokenResponse::of).orElseThrow(() -> unauthorized("invalid refresh token"));
    }

    @DELETE
    @Path("logout/{refreshToken}")
    @Operation(summary = "End the session a refresh token belongs to")
    @APIResponse(responseCode = "200", description = "logged out (also for an unknown token)",
            content = @Content(schema = @Schema(implementation = AuthMessages.MessageResponse.class)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public AuthMessages.MessageResponse logout(@PathParam("refreshToken") String refreshToken) {
        auth.logout(refreshToken);
        return new AuthMessages.MessageResponse("logout successful");
    }

    @POST
    @Path("validateToken")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether an access token is genuine, unexpired and its session still open")
    @APIResponse(responseCode = "200", description = "the verdict",
            content = @Content(schema = @Schema(implementation = AuthMessages.ValidateTokenResponse.class)))
    @APIResponse(responseCode = "400", description = "no token", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public AuthMessages.ValidateTokenResponse validateToken(AuthMessages.ValidateTokenRequest body) {
        String token = requiredField("token", required(body).token());
        return new AuthMessages.ValidateTokenResponse(auth.isValid(token));
    }

    @GET
    @Path("me")
    @RolesAllowed({User.CUSTOMER, User.ADMIN})
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "The caller's account")
    @APIResponse(responseCode = "200", description = "the caller",
            content = @Content(schema = @Schema(implementation = AuthMessages.UserResponse.class)))
    @APIResponse(responseCode = "401", description = "missing, invalid or expired access token",
            content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public AuthMessages.UserResponse me() {
        requireOpenSession();
        UUID id;
        try {
            id = UUID.fromString(VerifiedToken.of(security).userId());
        } catch (IllegalArgumentException | NullPointerException notOurs) {
            throw unauthorized("invalid token");
        }
        return users.byId(id).map(AuthMessages.UserResponse::of).orElseThrow(() -> unauthorized("unknown user"));
    }

    @GET
    @Path("users")
    @RolesAllowed(User.ADMIN)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "All users in creation order, paged (admin only)")
    @APIResponse(responseCode = "200", description = "one page; past the end an empty list",
            content = @Content(schema = @Schema(implementation = AuthMessages.UserPageResponse.class)))
    @APIResponse(responseCode = "400", description = "page or pageSize not a whole number in range",
            content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", description = "missing, invalid or expired access token",
            content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "403", description = "not an admin", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public AuthMessages.UserPageResponse users(@Parameter(description = "from 1; default 1") @QueryParam("page") String page,
                                               @Parameter(description = "1-100; default " + DEFAULT_PAGE_SIZE) @QueryParam("pageSize") String pageSize) {
        requireOpenSession();
        PageRequest paging = PageRequest.parse(page, pageSize, "pageSize", DEFAULT_PAGE_SIZE);
        return AuthMessages.UserPageResponse.of(users.page(paging.offset(), paging.pageSize()), paging);
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw new InvalidInput("a JSON body is required", Map.of());
        }
        return body;
    }

    private static String requiredField(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput("invalid input", Map.of(name, "is required"));
        }
        return value;
    }

    /**
     * Platform's BearerAuthentication checked the signature, the expiry and a list of revoked
     * sessions that may be two seconds old; auth itself knows at once whether the session behind
     * the token was logged out or revoked since, and refuses it then.
     */
    private void requireOpenSession() {
        if (!auth.isValid(VerifiedToken.of(security).raw())) {
            throw unauthorized("session ended");
        }
    }

    private static NotAuthorizedException unauthorized(String message) {
        return new NotAuthorizedException(message, Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }
}
