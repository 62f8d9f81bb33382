package dev.skyport.orders.events;

import dev.skyport.starter.problem.ProblemResponses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Turns the authenticated upgrade request into the socket's {@link EventSocket.Subscriber}. The token
 * itself was validated by the security filter chain (the starter's JwtDecoder, scope orders:read); this
 * reads who it is, whether ADMIN, when it expires, the admin's optional {@code ?customerId=} filter, and
 * the {@code ?after=} resume cursor. A refusal is a problem+json answer, and the upgrade never happens.
 */
final class OrderEventsHandshake implements HandshakeInterceptor {

    static final String SUBSCRIBER = EventSocket.Subscriber.class.getName();
    static final String AFTER = OrderEventsHandshake.class.getName() + ".after";

    private final ProblemResponses problems;

    OrderEventsHandshake(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws IOException {
        if (!(request.getPrincipal() instanceof JwtAuthenticationToken token) || token.getToken().getExpiresAt() == null) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        boolean admin = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch("ROLE_ADMIN"::equals);
        String userId = token.getToken().getSubject();
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String customerId = query.getFirst("customerId");
        if (customerId != null && !admin && !customerId.equals(userId)) {
            return refuse(request, response, HttpStatus.FORBIDDEN, "forbidden-subscription", "Forbidden",
                    "Only an admin may watch another customer's orders.");
        }
        String after = decoded(query.getFirst("after"));
        if (after != null && !OrderEventReplay.CURSOR.matcher(after).matches()) {
            return refuse(request, response, HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor",
                    "after must be an event id from this socket: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-'.");
        }
        if (after != null && admin && customerId == null) {
            // Event ids are per customer: across all customers there is no order to resume in.
            return refuse(request, response, HttpStatus.BAD_REQUEST, "cursor-needs-customer", "Cursor needs a customer",
                    "An admin's socket for all customers cannot resume; add customerId=<customer> to resume one "
                            + "customer's events.");
        }
        Instant expiresAt = token.getToken().getExpiresAt();
        attributes.put(SUBSCRIBER, new EventSocket.Subscriber(userId, admin, admin ? customerId : null, expiresAt));
        if (after != null) {
            attributes.put(AFTER, after);
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }

    /** The query value decoded; a malformed escape leaves it as sent (and then refused for its shape). */
    private static String decoded(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    private boolean refuse(ServerHttpRequest request, ServerHttpResponse response, HttpStatus status, String type,
                           String title, String detail) throws IOException {
        if (request instanceof ServletServerHttpRequest servletRequest
                && response instanceof ServletServerHttpResponse servletResponse) {
            problems.write(servletRequest.getServletRequest(), servletResponse.getServletResponse(), status, type,
                    title, detail);
        } else {
            response.setStatusCode(status);
        }
        return false;
    }
}
