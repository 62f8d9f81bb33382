package dev.skyport.starter.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel/JSON error page so errors raised outside controllers (filters, the container,
 * unknown paths) are problem+json too, without details of the failure.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final Problems problems;

    public ProblemErrorController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.valueOf(i)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = switch (status) {
            case NOT_FOUND -> "No resource at this path.";
            case INTERNAL_SERVER_ERROR -> "An unexpected error occurred. Quote the traceId when reporting it.";
            default -> status.getReasonPhrase() + ".";
        };
        ProblemDetail problem = problems.create(status, ProblemExceptionHandler.slug(status), status.getReasonPhrase(),
                detail, uri instanceof String s ? s : request.getRequestURI());
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.body(problem);
    }
}
