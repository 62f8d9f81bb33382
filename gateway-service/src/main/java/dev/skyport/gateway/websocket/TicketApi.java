package dev.skyport.gateway.websocket;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.skyport.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * {@code POST /ws/tickets}: trades the caller's bearer token for a short-lived single-use ticket, for clients
 * (browsers) that cannot set an Authorization header on a WebSocket upgrade.
 */
@RestController
public class TicketApi {

    // DRBG: seeded once from the OS, then pure computation, so secrets are made without blocking an event loop
    // on the entropy device (the default NativePRNG reads /dev/urandom on every call).
    private static final SecureRandom RANDOM = drbg();

    private static SecureRandom drbg() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[1]);
            return random;
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final TicketStore tickets;
    private final Duration ttl;

    public TicketApi(TicketStore tickets, GatewayProperties properties) {
        this.tickets = tickets;
        this.ttl = properties.websocket().ticketTtl();
    }

    public record Ticket(String ticket, long expiresIn) {
    }

    @PostMapping("/ws/tickets")
    Mono<Ticket> issue(@AuthenticationPrincipal Jwt jwt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // A ticket never outlives the token it stands for.
        Duration left = jwt.getExpiresAt() == null ? ttl : Duration.between(Instant.now(), jwt.getExpiresAt());
        Duration lifetime = left.compareTo(ttl) < 0 ? left : ttl;
        return tickets.save(ticket, jwt.getTokenValue(), lifetime)
                .thenReturn(new Ticket(ticket, Math.max(1, lifetime.toSeconds())));
    }
}
