package dev.skyport.starter.observability;

import java.io.IOException;

import dev.skyport.defaults.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the request id the gateway forwarded ({@code X-Request-Id}), or makes one for a direct call, so a service's
 * problems and logs carry the same id as the edge's; also returned to the caller.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = "skyport.requestId";
    public static final String MDC_KEY = "requestId";

    /** The request's id: the one this filter kept, else the header's when well formed, else a new one. */
    public static String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String id) {
            return id;
        }
        String id = RequestIds.keepOrCreate(request.getHeader(RequestIds.HEADER));
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = of(request);
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(MDC_KEY, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
