package dev.skyport.starter.problem;

import java.net.URI;
import java.util.Map;

import dev.skyport.starter.observability.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problems with the members every Skyport problem carries: {@code instance} and {@code traceId}. */
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

    /** Adds {@code instance} (the request path) when missing and {@code traceId}. */
    public ProblemDetail decorate(ProblemDetail problem, String path) {
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(URI.create(safePath(path)));
        }
        String traceId = traceIds.current();
        Map<String, Object> props = problem.getProperties();
        if (traceId != null && (props == null || !props.containsKey("traceId"))) {
            problem.setProperty("traceId", traceId);
        }
        return problem;
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
