package dev.skyport.users.user;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Public sign-up. Only these three fields exist: roles, status and id are never taken from a caller. */
@AcceptablePassword
@Schema(description = "Sign-up request")
public record SignUpRequest(
        @Schema(example = "ada@example.com", maxLength = 254) @NotBlank @Email @Size(max = 254) String email,
        @Schema(description = "12 to 128 characters, at least 5 different ones, not a common password, "
                + "not containing the e-mail address, not the e-mail's name part or the name",
                example = "correct horse battery", minLength = 12, maxLength = 128, format = "password")
        @NotNull String password,
        @Schema(example = "Ada Lovelace", maxLength = 100) @NotBlank @Size(max = 100) String name) {

    @Override
    public String toString() {
        return "SignUpRequest[email=" + email + ", name=" + name + "]";
    }
}
