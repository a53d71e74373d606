package com.velure.auth.account.rest;

import com.velure.auth.account.AuthService;
import com.velure.auth.account.User;
import com.velure.auth.account.UserStore;
import com.velure.platform.web.PageRequest;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The JSON bodies of /api/auth, with the field names of API.md. Unknown request fields are ignored. */
public final class AuthMessages {

    private static final String BEARER = "Bearer";

    private AuthMessages() {
    }

    public record RegisterRequest(@Schema(required = true, description = "1-100 characters after trimming") String name,
                                  @Schema(required = true, description = "a valid e-mail address, at most 254 characters") String email,
                                  @Schema(required = true, description = "8-128 characters") String password) {
    }

    public record LoginRequest(@Schema(required = true) String email, @Schema(required = true) String password) {
    }

    public record RefreshRequest(@Schema(required = true) String refreshToken) {
    }

    public record ValidateTokenRequest(@Schema(required = true, description = "an access token") String token) {
    }

    // Payara's OpenAPI documents a record component only when it carries @Schema, so every one does;
    // it calls any class but String an object, so ids and times are the strings JSON-B would write for
    // them; and it describes a record inside a list only when declared before the list's record.

    @JsonbPropertyOrder({"id", "name", "email", "createdAt", "updatedAt", "accessToken", "refreshToken", "tokenType", "expiresIn"})
    public record RegisterResponse(@Schema(required = true, format = "uuid") String id,
                                   @Schema(required = true) String name,
                                   @Schema(required = true, description = "trimmed and lower-case") String email,
                                   @Schema(required = true, format = "date-time") String createdAt,
                                   @Schema(required = true, format = "date-time") String updatedAt,
                                   @Schema(required = true, description = "an RS256 JWT") String accessToken,
                                   @Schema(required = true, description = "opaque; exchanged once by /refresh") String refreshToken,
                                   @Schema(required = true, enumeration = BEARER) String tokenType,
                                   @Schema(required = true, description = "seconds the access token is valid") long expiresIn) {
        static RegisterResponse of(AuthService.Registered registered) {
            User user = registered.user();
            AuthService.Tokens tokens = registered.tokens();
            return new RegisterResponse(user.id().toString(), user.name(), user.email(), user.createdAt().toString(), user.updatedAt().toString(),
                    tokens.accessToken(), tokens.refreshToken(), BEARER, tokens.expiresIn());
        }
    }

    @JsonbPropertyOrder({"accessToken", "refreshToken", "tokenType", "expiresIn"})
    public record TokenResponse(@Schema(required = true, description = "an RS256 JWT") String accessToken,
                                @Schema(required = true, description = "opaque; exchanged once by /refresh") String refreshToken,
                                @Schema(required = true, enumeration = BEARER) String tokenType,
                                @Schema(required = true, description = "seconds the access token is valid") long expiresIn) {
        static TokenResponse of(AuthService.Tokens tokens) {
            return new TokenResponse(tokens.accessToken(), tokens.refreshToken(), BEARER, tokens.expiresIn());
        }
    }

    public record ValidateTokenResponse(@Schema(required = true) boolean isValid) {
    }

    public record MessageResponse(@Schema(required = true) String message) {
    }

    @JsonbPropertyOrder({"id", "name", "email", "role", "createdAt", "updatedAt"})
    public record UserResponse(@Schema(required = true, format = "uuid") String id,
                               @Schema(required = true) String name,
                               @Schema(required = true) String email,
                               @Schema(required = true, enumeration = {User.CUSTOMER, User.ADMIN}) String role,
                               @Schema(required = true, format = "date-time") String createdAt,
                               @Schema(required = true, format = "date-time") String updatedAt) {
        static UserResponse of(User user) {
            return new UserResponse(user.id().toString(), user.name(), user.email(), user.role(), user.createdAt().toString(),
                    user.updatedAt().toString());
        }
    }

    @JsonbPropertyOrder({"users", "totalCount", "page", "pageSize", "totalPages"})
    public record UserPageResponse(@Schema(required = true, type = SchemaType.ARRAY, implementation = UserResponse.class) List<UserResponse> users,
                                   @Schema(required = true) long totalCount,
                                   @Schema(required = true) int page,
                                   @Schema(required = true) int pageSize,
                                   @Schema(required = true) long totalPages) {
        static UserPageResponse of(UserStore.Page found, PageRequest request) {
            return new UserPageResponse(found.users().stream().map(UserResponse::of).toList(), found.totalCount(),
                    request.page(), request.pageSize(), request.totalPages(found.totalCount()));
        }
    }
}
