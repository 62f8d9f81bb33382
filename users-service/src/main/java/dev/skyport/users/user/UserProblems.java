package dev.skyport.users.user;

import org.springframework.http.HttpStatus;

import dev.skyport.starter.problem.ApiException;
import dev.skyport.starter.problem.BadRequestException;
import dev.skyport.starter.problem.ConflictException;
import dev.skyport.starter.problem.NotFoundException;
import dev.skyport.starter.problem.PreconditionFailedException;

/** The user directory's problems (RFC 9457), rendered by the starter's one exception handler. */
final class UserProblems {

    private UserProblems() {
    }

    static ApiException userNotFound() {
        return new NotFoundException("user-not-found", "User not found", "No user has this id.");
    }

    static ApiException shippingAddressNotFound() {
        return new NotFoundException("shipping-address-not-found", "No shipping address",
                "This user does not exist or has no default shipping address.");
    }

    static ApiException preconditionRequired() {
        return new ApiException(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "If-Match required",
                "Send the ETag of GET /api/users/me in an If-Match header so concurrent updates are not lost.");
    }

    static ApiException stale(long currentVersion) {
        return new PreconditionFailedException("stale-version", "Stale version",
                "The profile changed since it was read: GET it again and re-apply the change.")
                .with("currentETag", ETags.of(currentVersion));
    }

    static ApiException notAnObject() {
        return new BadRequestException("invalid-patch", "Invalid merge patch",
                "A merge patch of the profile must be a JSON object.");
    }

    static ApiException invalidField(String field, String message) {
        return new BadRequestException("validation", "Invalid request", "The request has invalid fields.")
                .with("errors", java.util.List.of(java.util.Map.of("field", field, "message", message)));
    }

    static ApiException conflict(String type, String title, String detail) {
        return new ConflictException(type, title, detail);
    }
}
