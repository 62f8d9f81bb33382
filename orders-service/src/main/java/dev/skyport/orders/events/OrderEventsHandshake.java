package dev.skyport.orders.events;

import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Turns the authenticated upgrade request into the socket's {@link EventSocket.Subscriber}. The token
 * itself was validated by the security filter chain (the starter's JwtDecoder, scope orders:read); this
 * reads who it is, whether ADMIN, when it expires, and the admin's optional {@code ?customerId=} filter.
 */
final class OrderEventsHandshake implements HandshakeInterceptor {

    static final String SUBSCRIBER = EventSocket.Subscriber.class.getName();

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request.getPrincipal() instanceof JwtAuthenticationToken token) || token.getToken().getExpiresAt() == null) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        boolean admin = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch("ROLE_ADMIN"::equals);
        String userId = token.getToken().getSubject();
        String customerId = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams()
                .getFirst("customerId");
        if (customerId != null && !admin && !customerId.equals(userId)) {
            // Only an admin may watch someone else's orders.
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        Instant expiresAt = token.getToken().getExpiresAt();
        attributes.put(SUBSCRIBER, new EventSocket.Subscriber(userId, admin, admin ? customerId : null, expiresAt));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
