package com.velure.auth.account.rest;

import com.velure.auth.account.AuthService;
import com.velure.auth.account.User;
import com.velure.auth.account.UserStore;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON bodies of /api/auth, with the field names of API.md. Unknown request fields are ignored. */
public final class AuthMessages {

    private AuthMessages() {
    }

    public record RegisterRequest(String name, String email, String password) {
    }

    public record LoginRequest(String email, String password) {
    }

    public record RefreshRequest(String refreshToken) {
    }

    public record ValidateRequest(String token) {
    }

    @JsonbPropertyOrder({"id", "name", "email", "createdAt", "updatedAt", "accessToken", "refreshToken", "tokenType", "expiresIn"})
    public record Registered(UUID id, String name, String email, Instant createdAt, Instant updatedAt,
                      String accessToken, String refreshToken, String tokenType, long expiresIn) {
        public static Registered of(AuthService.Registered registered) {
            User user = registered.user();
            AuthService.Tokens tokens = registered.tokens();
            return new Registered(user.id(), user.name(), user.email(), user.createdAt(), user.updatedAt(),
                    tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn());
        }
    }

    @JsonbPropertyOrder({"accessToken", "refreshToken", "tokenType", "expiresIn"})
    public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
        public static TokenPair of(AuthService.Tokens tokens) {
            return new TokenPair(tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn());
        }
    }

    public record Validity(boolean isValid) {
    }

    public record Message(String message) {
    }

    @JsonbPropertyOrder({"id", "name", "email", "role", "createdAt", "updatedAt"})
    public record UserView(UUID id, String name, String email, String role, Instant createdAt, Instant updatedAt) {
        public static UserView of(User user) {
            return new UserView(user.id(), user.name(), user.email(), user.role(), user.createdAt(), user.updatedAt());
        }
    }

    @JsonbPropertyOrder({"users", "totalCount", "page", "pageSize", "totalPages"})
    public record UserPage(List<UserView> users, long totalCount, int page, int pageSize, long totalPages) {
        public static UserPage of(UserStore.Page found, int page, int pageSize) {
            return new UserPage(found.users().stream().map(UserView::of).toList(), found.totalCount(), page, pageSize,
                    (found.totalCount() + pageSize - 1) / pageSize);
        }
    }
}
