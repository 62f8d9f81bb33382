package dev.skyport.starter.problem;

import java.net.URI;
import java.util.Map;

import dev.skyport.starter.observability.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds problems with the members every Skyport problem carries: {@code instance}, {@code traceId} and
 * {@code reason}, a stable machine-readable code of the rule that fired: the last segment of the problem's
 * {@code type} with '-' as '_' ({@code .../problems/idempotency-key-reused} → {@code idempotency_key_reused}).
 */
public final class Problems {

    private final TraceIds traceIds;

    public Problems(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    public ProblemDetail create(HttpStatusCode status, String type, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            problem.setType(URI.create(type.contains(":") ? type : ApiException.TYPE_BASE + type));
        }
        if (title != null) {
            problem.setTitle(title);
        }
        return decorate(problem, path);
    }

    /** Adds {@code instance} (the request path) when missing, {@code traceId} and {@code reason}. */
    public ProblemDetail decorate(ProblemDetail problem, String path) {
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(URI.create(safePath(path)));
        }
        String traceId = traceIds.current();
        Map<String, Object> props = problem.getProperties();
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
        String text = type == null ? null : type.toString();
        if (text == null || !text.startsWith(ApiException.TYPE_BASE) || text.length() == ApiException.TYPE_BASE.length()) {
            return null;
        }
        return text.substring(ApiException.TYPE_BASE.length()).replace('-', '_');
    }

    public ProblemDetail decorate(ProblemDetail problem, HttpServletRequest request) {
        return decorate(problem, request == null ? null : request.getRequestURI());
    }

    public String traceId() {
        return traceIds.current();
    }

    private static String safePath(String path) {
        try {
            return URI.create(path).getRawPath();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
