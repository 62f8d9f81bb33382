package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Public sign-up. */
@RestController
@Tag(name = "sign-up")
public class SignUpController {

    private final UserRegistration registration;

    public SignUpController(UserRegistration registration) {
        this.registration = registration;
    }

    @PostMapping(path = "/api/users", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Sign up",
            description = "Creates an account with role USER. Answers 202 with the same body whether the e-mail was "
                    + "free (account created) or already had an account (nothing changed), so the endpoint cannot "
                    + "be used to learn which addresses are registered. No authentication.")
    @ApiResponse(responseCode = "202", description = "Accepted (account created, or the e-mail was taken)")
    @ApiResponse(responseCode = "400", description = "Invalid fields (listed in `errors`), an unknown field, or a malformed body",
            content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not JSON",
            content = @Content(mediaType = UserApiDocs.PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    public SignUpAccepted signUp(@Valid @RequestBody SignUpRequest request) {
        return registration.signUp(request);
    }
}
