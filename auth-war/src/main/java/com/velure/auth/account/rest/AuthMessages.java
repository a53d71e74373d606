package com.velure.auth.account.rest;

import com.velure.auth.account.AuthService;
import com.velure.auth.account.User;
import com.velure.auth.account.UserStore;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON bodies of /api/auth, with the field names of API.md. Unknown request fields are ignored. */
final class AuthMessages {

    private AuthMessages() {
    }

    record RegisterRequest(String name, String email, String password) {
    }

    record LoginRequest(String email, String password) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record ValidateRequest(String token) {
    }

    @JsonbPropertyOrder({"id", "name", "email", "createdAt", "updatedAt", "accessToken", "refreshToken", "tokenType", "expiresIn"})
    record Registered(UUID id, String name, String email, Instant createdAt, Instant updatedAt,
                      String accessToken, String refreshToken, String tokenType, long expiresIn) {
        static Registered of(AuthService.Registered registered) {
            User user = registered.user();
            AuthService.Tokens tokens = registered.tokens();
            return new Registered(user.id(), user.name(), user.email(), user.createdAt(), user.updatedAt(),
                    tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn());
        }
    }

    @JsonbPropertyOrder({"accessToken", "refreshToken", "tokenType", "expiresIn"})
    record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
        static TokenPair of(AuthService.Tokens tokens) {
            return new TokenPair(tokens.accessToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn());
        }
    }

    record Validity(boolean isValid) {
    }

    record Message(String message) {
    }

    @JsonbPropertyOrder({"id", "name", "email", "role", "createdAt", "updatedAt"})
    record UserView(UUID id, String name, String email, String role, Instant createdAt, Instant updatedAt) {
        static UserView of(User user) {
            return new UserView(user.id(), user.name(), user.email(), user.role(), user.createdAt(), user.updatedAt());
        }
    }

    @JsonbPropertyOrder({"users", "totalCount", "page", "pageSize", "totalPages"})
    record UserPage(List<UserView> users, long totalCount, int page, int pageSize, long totalPages) {
        static UserPage of(UserStore.Page found, int page, int pageSize) {
            return new UserPage(found.users().stream().map(UserView::of).toList(), found.totalCount(), page, pageSize,
                    (found.totalCount() + pageSize - 1) / pageSize);
        }
    }
}
