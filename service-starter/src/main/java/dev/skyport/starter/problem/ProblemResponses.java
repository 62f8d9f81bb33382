package dev.skyport.starter.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.skyport.starter.observability.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem straight to a servlet response, for code that runs before Spring MVC (security entry
 * points, filters). The JSON has the same flat shape as MVC's problem responses.
 */
public final class ProblemResponses {

    private final Problems problems;
    private final JsonMapper json;

    public ProblemResponses(Problems problems, JsonMapper json) {
        this.problems = problems;
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String type,
            String title, String detail) throws IOException {
        ProblemDetail problem = problems.create(status, type, title, detail, request.getRequestURI());
        // Filters before Spring's request context (the size limit) have no current request: name it here.
        if (problem.getProperties() == null || !problem.getProperties().containsKey("requestId")) {
            problem.setProperty("requestId", RequestIdFilter.of(request));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(body));
        response.flushBuffer();
    }
}
