package dev.skyport.users.user;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The user directory's problems (RFC 9457), as Spring {@link ErrorResponseException}s the MVC layer renders. */
final class UserProblems {

    private static final String TYPE_BASE = "https://skyport.dev/problems/";

    private UserProblems() {
    }

    static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    static ErrorResponseException userNotFound() {
        return problem(HttpStatus.NOT_FOUND, "user-not-found", "User not found", "No user has this id.");
    }

    static ErrorResponseException preconditionRequired() {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "If-Match required",
                "Send the ETag of GET /api/users/me in an If-Match header so concurrent updates are not lost.");
    }

    static ErrorResponseException stale(long currentVersion) {
        ErrorResponseException e = problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "Stale version",
                "The profile changed since it was read: GET it again and re-apply the change.");
        e.getBody().setProperty("currentETag", ETags.of(currentVersion));
        return e;
    }

    /** 400 listing the fields at fault, in the shape of the service's other validation problems. */
    static ErrorResponseException invalidFields(List<Map<String, String>> errors) {
        ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "Some fields are invalid.");
        e.getBody().setProperty("errors", errors);
        return e;
    }

    static ErrorResponseException conflict(String type, String title, String detail) {
        return problem(HttpStatus.CONFLICT, type, title, detail);
    }
}
