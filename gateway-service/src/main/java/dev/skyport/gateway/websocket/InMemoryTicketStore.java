package dev.skyport.gateway.websocket;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** Tickets in this process's memory (single gateway without Redis); expired ones are dropped on the way. */
public class InMemoryTicketStore implements TicketStore {

    private record Entry(String sealed, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> tickets = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> save(String id, String sealed, Duration ttl) {
        return Mono.fromRunnable(() -> {
            long now = System.nanoTime();
            tickets.values().removeIf(e -> e.expiresAtNanos() - now < 0);
            tickets.put(id, new Entry(sealed, now + ttl.toNanos()));
        });
    }

    @Override
    public Mono<String> redeem(String id) {
        return Mono.fromSupplier(() -> tickets.remove(id))
                .filter(e -> e.expiresAtNanos() - System.nanoTime() > 0)
                .map(Entry::sealed);
    }
}
