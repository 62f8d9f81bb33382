package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The caller's own profile; needs scope {@code profile}. */
@RestController
@Tag(name = "profile")
@SecurityRequirement(name = UserApiDocs.BEARER)
@PreAuthorize("hasAuthority('SCOPE_profile')")
public class ProfileController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final UserProfiles profiles;

    public ProfileController(UserProfiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping(path = "/api/users/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Read my profile", description = "The ETag header carries the profile's version for If-Match.")
    @ApiResponse(responseCode = "200", description = "The profile",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of this version"))
    @ApiResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Token without scope profile", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The account no longer exists", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<UserProfile> me(@AuthenticationPrincipal Jwt jwt) {
        UserProfiles.Versioned<UserProfile> profile = profiles.get(jwt.getSubject());
        return ResponseEntity.ok().eTag(profile.etag()).body(profile.value());
    }

    @PatchMapping(path = "/api/users/me", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE },
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change my profile",
            description = "A JSON merge patch (RFC 7396) of name, defaultShippingAddress and preferences. "
                    + "If-Match with the ETag from GET is required; `*` matches any version.")
    @ApiResponse(responseCode = "200", description = "The changed profile",
            headers = @Header(name = HttpHeaders.ETAG, description = "Strong entity tag of the new version"))
    @ApiResponse(responseCode = "400", description = "Invalid or unknown fields (listed in `errors`)", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Token without scope profile", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "The account no longer exists", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "412", description = "If-Match does not match the current version (`currentETag` says which is)", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not JSON", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "428", description = "If-Match missing", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<UserProfile> update(@AuthenticationPrincipal Jwt jwt,
            @Parameter(in = ParameterIn.HEADER, description = "ETag from GET /api/users/me", required = true)
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
                    @Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = ProfileUpdate.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ProfileUpdate.class)) })
            @RequestBody JsonNode patch) {
        UserProfiles.Versioned<UserProfile> profile = profiles.patch(jwt.getSubject(), patch, ifMatch);
        return ResponseEntity.ok().eTag(profile.etag()).body(profile.value());
    }
}
