package dev.skyport.starter.security;

import java.io.IOException;

import dev.skyport.starter.problem.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 403 as problem+json, with the RFC 6750 {@code insufficient_scope} header for bearer requests. */
public final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    private final ProblemResponses responses;

    public ProblemAccessDeniedHandler(ProblemResponses responses) {
        this.responses = responses;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            AccessDeniedException accessDeniedException) throws IOException {
        bearer.handle(request, response, accessDeniedException);
        responses.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The token does not grant access to this resource.");
    }
}
