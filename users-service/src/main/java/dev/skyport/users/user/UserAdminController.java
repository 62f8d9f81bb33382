package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.skyport.starter.pagination.PageRequest;

/** Account administration; role ADMIN. */
@RestController
@Tag(name = "administration")
@SecurityRequirement(name = UserApiDocs.BEARER)
@PreAuthorize("hasRole('ADMIN')")
@ApiResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller is not an administrator", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
public class UserAdminController {

    private final UserAdministration administration;

    public UserAdminController(UserAdministration administration) {
        this.administration = administration;
    }

    @GetMapping(path = "/api/users", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "List users",
            description = "Cursor pages {items, nextCursor}. With status: that status only, newest first (index "
                    + "by-status); without: every user, in table order.")
    @ApiResponse(responseCode = "200", description = "A page of users")
    @ApiResponse(responseCode = "400", description = "Invalid status, limit out of 1..100, or a tampered or foreign cursor", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public UserPage list(
            @Parameter(description = "Only users with this status") @RequestParam(required = false) UserStatus status,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return administration.list(status, PageRequest.of(limit, cursor));
    }

    @PostMapping(path = "/api/users/{id}/disable", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Disable a user", description = "The user can no longer sign in. Idempotent.")
    @ApiResponse(responseCode = "200", description = "The user, disabled")
    @ApiResponse(responseCode = "404", description = "No such user", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "An administrator tried to disable their own account", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public UserSummary disable(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        return administration.disable(id, jwt.getSubject());
    }

    @PostMapping(path = "/api/users/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Enable a user", description = "Idempotent.")
    @ApiResponse(responseCode = "200", description = "The user, active")
    @ApiResponse(responseCode = "404", description = "No such user", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public UserSummary enable(@PathVariable String id) {
        return administration.enable(id);
    }

    @DeleteMapping("/api/users/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a user", description = "Deletes the account and frees its e-mail in one transaction.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such user", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "An administrator tried to delete their own account", content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public void delete(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
        administration.delete(id, jwt.getSubject());
    }
}
