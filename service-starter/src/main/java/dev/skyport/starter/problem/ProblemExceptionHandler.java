package dev.skyport.starter.problem;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The single translation point from exceptions to RFC 9457 problems for every Skyport service. Spring MVC's own
 * exceptions (405, 415, 406, 400 for missing headers/parameters, 413 for oversized uploads...) come from
 * {@link ResponseEntityExceptionHandler}; every problem gets {@code instance} and {@code traceId}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final Problems problems;

    public ProblemExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Object> handleApiException(ApiException ex, HttpServletRequest request) {
        ProblemDetail problem = problems.create(ex.status(), ex.typeUri().toString(), ex.title(), ex.detail(),
                request.getRequestURI());
        ex.properties().forEach(problem::setProperty);
        if (ex.status().is5xxServerError()) {
            log.warn("request failed: {} {}", ex.status().value(), ex.detail());
        }
        return respond(problem, ex.headers());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex,
            HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
            errors.add(new FieldProblem(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        return respond(validationProblem(errors, request.getRequestURI()), null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, HttpServletRequest request) {
        return respond(problems.create(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "You are not allowed to do this.", request.getRequestURI()), null);
    }

    @ExceptionHandler(AuthenticationException.class)
    public ResponseEntity<Object> handleAuthentication(AuthenticationException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return respond(problems.create(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "Authentication is required.", request.getRequestURI()), headers);
    }

    /** The database is unreachable or throttling: the caller may retry, so 503 with Retry-After. */
    @ExceptionHandler({SdkClientException.class, DynamoDbException.class})
    public ResponseEntity<Object> handleDatabase(RuntimeException ex, HttpServletRequest request) {
        log.error("database call failed on {}", request.getRequestURI(), ex);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return respond(problems.create(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "Service Unavailable", "The service's storage is not available right now; retry shortly.",
                request.getRequestURI()), headers);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) throws Exception {
        if (ex instanceof org.springframework.web.ErrorResponse) {
            throw ex; // let the framework's handler (and its status) take it
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return respond(problems.create(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal Server Error",
                "An unexpected error occurred. Quote the traceId when reporting it.", request.getRequestURI()),
                null);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        return respond(validationProblem(errors, path(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fe ? fe.getField() : name;
                errors.add(new FieldProblem(field == null ? "parameter" : field, error.getDefaultMessage()));
            }
        });
        errors.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        return respond(validationProblem(errors, path(request)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "The request body is missing or is not valid JSON for this operation.";
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'.";
        } else if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = fieldPath(jackson);
            detail = "Invalid value for field '" + field + "'.";
        }
        ProblemDetail problem = problems.create(HttpStatus.BAD_REQUEST, "malformed-request", "Bad Request", detail,
                path(request));
        return respond(problem, headers);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(URI.create(ApiException.TYPE_BASE + slug(statusCode)));
            }
            problems.decorate(problem, path(request));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ProblemDetail validationProblem(List<FieldProblem> errors, String path) {
        ProblemDetail problem = problems.create(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "The request has invalid fields.", path);
        problem.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message",
                e.message() == null ? "is invalid" : e.message())).toList());
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (headers != null) {
            builder.headers(headers);
        }
        return builder.body(problem);
    }

    private static String path(WebRequest request) {
        if (request instanceof NativeWebRequest nativeRequest) {
            HttpServletRequest servlet = nativeRequest.getNativeRequest(HttpServletRequest.class);
            if (servlet != null) {
                return servlet.getRequestURI();
            }
        }
        return null;
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** "create.arg0.email" → "email": method-validation paths carry the method and parameter first. */
    private static String fieldOf(jakarta.validation.Path path) {
        List<jakarta.validation.Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            jakarta.validation.Path.Node node = nodes.get(i);
            boolean methodLevel = node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.CONSTRUCTOR
                    || (node.getKind() == jakarta.validation.ElementKind.PARAMETER && i < nodes.size() - 1);
            if (methodLevel || node.getName() == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        return sb.isEmpty() ? "request" : sb.toString();
    }

    static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }

    /** One entry of the {@code errors} list of a validation problem. */
    public record FieldProblem(String field, String message) {
    }
}
