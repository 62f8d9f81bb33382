package dev.skyport.starter.security;

import java.io.IOException;

import dev.skyport.starter.problem.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 as problem+json. The {@code WWW-Authenticate} header (RFC 6750, with error details for a rejected token)
 * comes from Spring Security's bearer entry point; the body never echoes the token.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final ProblemResponses responses;

    public ProblemAuthenticationEntryPoint(ProblemResponses responses) {
        this.responses = responses;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException authException) throws IOException {
        bearer.commence(request, response, authException);
        boolean tokenPresent = request.getHeader("Authorization") != null;
        String detail = tokenPresent ? "The access token is invalid or expired." : "An access token is required.";
        responses.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }
}
