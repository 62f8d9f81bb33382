package dev.skyport.users.user;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A page of users in the platform's page shape: {@code {"items": [...], "nextCursor": "..." | null}}. */
@Schema(description = "A page of users")
public record UserPage(List<UserSummary> items,
        @Schema(description = "Opaque signed cursor of the next page; null on the last page", nullable = true)
        String nextCursor) {
}
