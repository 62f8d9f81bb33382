package dev.skyport.starter.web;

import java.io.IOException;

import dev.skyport.starter.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code skyport.web.max-request-size} with a 413 problem before anything
 * reads them (declared Content-Length; Tomcat's own limits cover the rest).
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final DataSize maxRequestSize;
    private final ProblemResponses responses;

    public RequestSizeLimitFilter(DataSize maxRequestSize, ProblemResponses responses) {
        this.maxRequestSize = maxRequestSize;
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxRequestSize.toBytes()) {
            response.setHeader("Connection", "close");
            responses.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Content Too Large",
                    "The request body is larger than " + maxRequestSize.toKilobytes() + " KB.");
            return;
        }
        chain.doFilter(request, response);
    }
}
