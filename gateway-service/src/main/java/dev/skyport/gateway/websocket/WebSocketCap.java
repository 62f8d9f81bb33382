package dev.skyport.gateway.websocket;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.limits.ClientAddress;
import dev.skyport.gateway.problem.Problems;
import dev.skyport.gateway.security.EdgeSecurity;
import reactor.core.publisher.Mono;

/**
 * At most {@code skyport.gateway.websocket.max-per-user} concurrent WebSockets per user on this replica: the
 * handshake past it gets 429 problem+json and no upgrade, so no upstream connection either. Counted per replica
 * (in memory), not across replicas: a count in Redis would need leases that outlive a crashed replica's sockets.
 */
@Component
public class WebSocketCap implements GlobalFilter, Ordered {

    static final String SLOT = "skyport.websocketSlot";

    private final int maxPerUser;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public WebSocketCap(GatewayProperties properties) {
        this.maxPerUser = properties.websocket().maxPerUser();
    }

    @Override
    public int getOrder() {
        return -60; // before the route's rate limit (-50): a refused handshake costs the user no token
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR) == null
                || !"websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            return chain.filter(exchange);
        }
        String principal = exchange.getAttribute(EdgeSecurity.PRINCIPAL);
        String user = principal != null ? "sub:" + principal : "ip:" + exchange.getAttribute(ClientAddress.ATTRIBUTE);
        Slot slot = acquire(user);
        if (slot == null) {
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
                    "Too many open WebSockets for this user (at most " + maxPerUser + "); close one first.",
                    "websocket_cap");
        }
        exchange.getAttributes().put(SLOT, slot);
        // The handshake holds the slot until the session (if any) holds it too; see EdgeWebSocketService.
        return chain.filter(exchange).doFinally(signal -> slot.release());
    }

    private Slot acquire(String user) {
        boolean[] granted = { false };
        open.compute(user, (key, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < maxPerUser) {
                current.incrementAndGet();
                granted[0] = true;
            }
            return current;
        });
        return granted[0] ? new Slot(user) : null;
    }

    private void free(String user) {
        open.computeIfPresent(user, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** One user's place, held by the handshake and by the session it opens; freed when both let go. */
    final class Slot {

        private final String user;
        private final AtomicInteger holders = new AtomicInteger(1);

        private Slot(String user) {
            this.user = user;
        }

        /** The session holds the place too (it starts before the handshake's own processing completes). */
        void hold() {
            holders.incrementAndGet();
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                free(user);
            }
        }
    }
}
