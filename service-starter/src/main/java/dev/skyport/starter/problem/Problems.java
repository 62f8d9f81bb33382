package dev.skyport.starter.problem;

import java.net.URI;
import java.util.Map;

import dev.skyport.defaults.ProblemTypes;
import dev.skyport.defaults.TraceIds;
import dev.skyport.starter.observability.RequestIdFilter;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Builds problems with the members every Skyport problem carries, the gateway's included ({@link ProblemTypes}):
 * {@code instance}, {@code requestId} (the one the gateway forwarded), {@code traceId} and {@code reason}, a stable
 * machine-readable code of the rule that fired: the last segment of the problem's {@code type} with '-' as '_'
 * ({@code .../problems/idempotency-key-reused} → {@code idempotency_key_reused}).
 */
public final class Problems {

    private final ObjectProvider<Tracer> tracer;

    public Problems(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    public ProblemDetail create(HttpStatusCode status, String type, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            problem.setType(type.contains(":") ? URI.create(type) : ProblemTypes.type(type));
        }
        if (title != null) {
            problem.setTitle(title);
        }
        return decorate(problem, path);
    }

    /** Adds {@code instance} (the request path) when missing, {@code requestId}, {@code traceId} and {@code reason}. */
    public ProblemDetail decorate(ProblemDetail problem, String path) {
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(URI.create(safePath(path)));
        }
        Map<String, Object> props = problem.getProperties();
        String requestId = requestId();
        if (requestId != null && (props == null || !props.containsKey("requestId"))) {
            problem.setProperty("requestId", requestId);
            props = problem.getProperties();
        }
        String traceId = traceId();
        if (traceId != null && (props == null || !props.containsKey("traceId"))) {
            problem.setProperty("traceId", traceId);
        }
        String reason = reason(problem.getType());
        if (reason != null && (props == null || !props.containsKey("reason"))) {
            problem.setProperty("reason", reason);
        }
        return problem;
    }

    /** The reason code a problem type stands for; null for types that are not Skyport's own. */
    static String reason(URI type) {
        return ProblemTypes.reason(type);
    }

    public ProblemDetail decorate(ProblemDetail problem, HttpServletRequest request) {
        return decorate(problem, request == null ? null : request.getRequestURI());
    }

    public String traceId() {
        return TraceIds.current(tracer.getIfAvailable());
    }

    /** The current request's id (every problem is written while a request is being served). */
    private static String requestId() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? RequestIdFilter.of(attributes.getRequest()) : null;
    }

    private static String safePath(String path) {
        try {
            return URI.create(path).getRawPath();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
