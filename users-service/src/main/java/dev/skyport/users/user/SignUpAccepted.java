package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The one answer to every valid sign-up, whether it created an account or the e-mail was already taken, so the
 * endpoint cannot be used to find out which addresses have accounts.
 */
@Schema(description = "Sign-up accepted. The same answer is given when the e-mail already has an account, "
        + "so the endpoint does not reveal which addresses are registered.")
public record SignUpAccepted(
        @Schema(example = "ada@example.com") String email,
        @Schema(example = "If this e-mail address can be used, its account is ready: sign in with it and the password you chose.")
        String message) {

    static final String MESSAGE =
            "If this e-mail address can be used, its account is ready: sign in with it and the password you chose.";

    static SignUpAccepted forEmail(String normalisedEmail) {
        return new SignUpAccepted(normalisedEmail, MESSAGE);
    }
}
