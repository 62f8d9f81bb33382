package dev.skyport.users.user;

import java.time.Instant;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;

/** A user as administrators see it in lists and after disable/enable. */
@Schema(description = "A user as administrators see it")
public record UserSummary(String id, String email, String name, Set<String> roles, UserStatus status,
        Instant createdAt, Instant updatedAt) {

    static UserSummary of(UserItem item) {
        return new UserSummary(item.getUserId(), item.getEmail(), item.getName(), item.getRoles(),
                UserStatus.valueOf(item.getStatus()), item.getCreatedAt(), item.getUpdatedAt());
    }
}
