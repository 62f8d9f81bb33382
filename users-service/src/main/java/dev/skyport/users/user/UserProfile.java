package dev.skyport.users.user;

import java.time.Instant;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;

/** A user's own view of their account ({@code GET /api/users/me}); its version travels as the ETag. */
@Schema(description = "The caller's profile")
public record UserProfile(
        @Schema(example = "0f8e4b2a-3c1d-4e5f-9a7b-1c2d3e4f5a6b") String id,
        @Schema(example = "ada@example.com") String email,
        @Schema(example = "Ada Lovelace") String name,
        @Schema(example = "[\"USER\"]") Set<String> roles,
        UserStatus status,
        @Schema(nullable = true) ShippingAddress defaultShippingAddress,
        @Schema(nullable = true) Preferences preferences,
        Instant createdAt,
        Instant updatedAt) {

    static UserProfile of(UserItem item) {
        return new UserProfile(item.getUserId(), item.getEmail(), item.getName(), item.getRoles(),
                UserStatus.valueOf(item.getStatus()), ShippingAddress.of(item.getDefaultShippingAddress()),
                Preferences.of(item.getPreferences()), item.getCreatedAt(), item.getUpdatedAt());
    }
}
