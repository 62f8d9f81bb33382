package dev.skyport.gateway.websocket;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Single-use WebSocket tickets: an entry named by an id derived from the ticket holds a sealed value
 * ({@link TicketSeal}) for a few seconds. Kept like rate-limit state: in Redis when configured (any replica can
 * redeem it), in memory otherwise.
 */
public interface TicketStore {

    /** What a failing store (Redis down or slow) becomes: 503 problem, not a 500 or a misleading 504. */
    static Throwable unavailable(Throwable cause) {
        return new dev.skyport.gateway.problem.EdgeProblemException(
                org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "ticket_store_unavailable",
                "WebSocket tickets are unavailable for a moment; retry shortly.", cause);
    }

    Mono<Void> save(String id, String sealed, Duration ttl);

    /** Returns the sealed value and forgets the entry in one step, so a ticket works once. */
    Mono<String> redeem(String id);
}
