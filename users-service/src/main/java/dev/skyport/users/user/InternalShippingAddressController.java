package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Service-to-service: a user's default shipping address for orders-service. Not routed by the gateway. */
@RestController
@Tag(name = "internal")
@SecurityRequirement(name = UserApiDocs.BEARER)
@PreAuthorize("hasAuthority('SCOPE_users:internal')")
public class InternalShippingAddressController {

    private final UserStore store;

    public InternalShippingAddressController(UserStore store) {
        this.store = store;
    }

    @GetMapping(path = "/internal/users/{userId}/shipping-address", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A user's default shipping address",
            description = "Needs a client-credentials token with scope users:internal.")
    @ApiResponse(responseCode = "200", description = "The address")
    @ApiResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Token without scope users:internal", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such user, or the user has no default shipping address", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public ShippingAddress shippingAddress(@PathVariable String userId) {
        return store.find(userId)
                .map(UserItem::getDefaultShippingAddress)
                .map(ShippingAddress::of)
                .orElseThrow(UserProblems::shippingAddressNotFound);
    }
}
