package dev.skyport.gateway.websocket;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Single-use WebSocket tickets: a ticket maps to the access token it was issued for, for a few seconds.
 * Kept like rate-limit state: in Redis when configured (any replica can redeem it), in memory otherwise.
 */
public interface TicketStore {

    Mono<Void> save(String ticket, String accessToken, Duration ttl);

    /** Returns the token and forgets the ticket in one step, so a ticket works once. */
    Mono<String> redeem(String ticket);
}
