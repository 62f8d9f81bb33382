package dev.skyport.gateway.websocket;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;

import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.problem.Problems;
import reactor.core.publisher.Mono;

/**
 * Authenticates the {@code /ws/orders} upgrade at the edge, before any upstream connection: checks Origin,
 * then turns a {@code ?ticket=} into the {@code Authorization: Bearer} header the ticket stands for (the
 * security chain then validates that token as for any request, and the header is relayed upstream). The
 * ticket itself is removed from the URL so it never reaches a backend or a log.
 */
@Component
public class WebSocketTicketFilter implements WebFilter, Ordered {

    static final String PATH = "/ws/orders";

    /** A page served by the gateway itself may always open the socket (Origin equals the request's own host). */
    private static boolean sameOrigin(String origin, ServerHttpRequest request) {
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private final TicketStore tickets;
    private final List<String> allowedOrigins;

    public WebSocketTicketFilter(TicketStore tickets, GatewayProperties properties) {
        this.tickets = tickets;
        this.allowedOrigins = properties.websocket().allowedOrigins().stream().filter(s -> !s.isBlank()).toList();
    }

    @Override
    public int getOrder() {
        return -150; // before Spring Security (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!PATH.equals(request.getPath().value())) {
            return chain.filter(exchange);
        }
        String origin = request.getHeaders().getOrigin();
        if (origin != null && !allowedOrigins.contains(origin) && !sameOrigin(origin, request)) {
            return Problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden", "This origin may not open the socket.",
                    "origin_not_allowed");
        }
        String ticket = request.getQueryParams().getFirst("ticket");
        if (ticket == null) {
            return chain.filter(exchange);
        }
        URI withoutTicket = UriComponentsBuilder.fromUri(request.getURI()).replaceQueryParam("ticket").build(true)
                .toUri();
        Optional<byte[]> parsed = TicketSeal.parse(ticket);
        Mono<String> token = parsed.isEmpty() ? Mono.empty()
                : tickets.redeem(TicketSeal.id(parsed.get()))
                        .flatMap(sealed -> Mono.justOrEmpty(TicketSeal.open(parsed.get(), sealed, Instant.now())))
                        .map(TicketSeal.Contents::accessToken);
        return token
                .flatMap(accessToken -> chain.filter(exchange.mutate().request(request.mutate().uri(withoutTicket)
                        .headers(h -> h.setBearerAuth(accessToken)).build()).build()))
                .switchIfEmpty(Mono.defer(() -> Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "The ticket is unknown, used or expired.", "ticket_invalid",
                        Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""))));
    }
}
