package dev.skyport.gateway.websocket;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.skyport.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * {@code POST /ws/tickets}: trades the caller's bearer token for a short-lived single-use ticket, for clients
 * (browsers) that cannot set an Authorization header on a WebSocket upgrade. The store keeps only a sealed entry
 * ({@link TicketSeal}): the ticket itself stays with the client.
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
        byte[] ticket = new byte[TicketSeal.TICKET_BYTES];
        RANDOM.nextBytes(ticket);
        // A ticket never outlives the token it stands for.
        Instant now = Instant.now();
        Duration left = jwt.getExpiresAt() == null ? ttl : Duration.between(now, jwt.getExpiresAt());
        Duration lifetime = left.compareTo(ttl) < 0 ? left : ttl;
        List<String> scopes = jwt.getClaimAsStringList("scope");
        String sealed = TicketSeal.seal(ticket, new TicketSeal.Contents(jwt.getSubject(),
                scopes == null ? List.of() : scopes, now.plus(lifetime), jwt.getTokenValue()), RANDOM);
        return tickets.save(TicketSeal.id(ticket), sealed, lifetime)
                .thenReturn(new Ticket(TicketSeal.text(ticket), Math.max(1, lifetime.toSeconds())));
    }
}
