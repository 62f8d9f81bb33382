package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The editable part of a profile. A PATCH is a JSON merge patch (RFC 7396) applied to this document; the result
 * must read back as this record with no unknown field (so {@code roles}, {@code status}, {@code id} or
 * {@code email} in a patch are refused) and pass validation.
 */
@Schema(description = "JSON merge patch (RFC 7396) of the editable profile: members left out stay as they are, "
        + "null removes an optional member. Any other member (id, email, roles, status, ...) is refused with 400.")
public record ProfileUpdate(
        @Schema(example = "Ada King") @NotBlank @Size(max = 100) String name,
        @Schema(nullable = true) @Valid ShippingAddress defaultShippingAddress,
        @Schema(nullable = true) @Valid Preferences preferences) {

    static ProfileUpdate of(UserItem item) {
        return new ProfileUpdate(item.getName(), ShippingAddress.of(item.getDefaultShippingAddress()),
                Preferences.of(item.getPreferences()));
    }
}
