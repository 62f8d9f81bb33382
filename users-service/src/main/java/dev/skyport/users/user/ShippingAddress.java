package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A postal address as the API shows it (the profile's {@code defaultShippingAddress}, the internal endpoint). */
@Schema(description = "A postal address")
public record ShippingAddress(
        @Schema(example = "Ada Lovelace") @NotBlank @Size(max = 100) String name,
        @Schema(example = "12 St James's Square") @NotBlank @Size(max = 200) String line1,
        @Schema(example = "Flat 3", nullable = true) @Size(max = 200) String line2,
        @Schema(example = "London") @NotBlank @Size(max = 100) String city,
        @Schema(example = "SW1Y 4JH") @NotBlank @Size(max = 20)
        @Pattern(regexp = "[\\p{Alnum} -]+", message = "may contain only letters, digits, spaces and hyphens")
        String postalCode,
        @Schema(description = "ISO 3166-1 alpha-2 country code", example = "GB") @NotNull
        @ValidCode(ValidCode.Kind.COUNTRY) String country) {

    static ShippingAddress of(ShippingAddressItem item) {
        return item == null ? null
                : new ShippingAddress(item.getName(), item.getLine1(), item.getLine2(), item.getCity(),
                        item.getPostalCode(), item.getCountry());
    }

    ShippingAddressItem toItem() {
        ShippingAddressItem item = new ShippingAddressItem();
        item.setName(name);
        item.setLine1(line1);
        item.setLine2(line2);
        item.setCity(city);
        item.setPostalCode(postalCode);
        item.setCountry(country);
        return item;
    }
}
