package dev.skyport.orders.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Order placement ({@code skyport.orders.*}).
 *
 * @param waitForFirst how long a repeat of a request still in progress waits for the first one's
 *                     response before it is answered 409 with Retry-After
 * @param claimLease   after this long an in-progress Idempotency-Key counts as abandoned (its request
 *                     died) and a repeat may take it over; longer than any placement can take
 * @param events       the order-events log ({@code skyport.orders.events.retention}; the WebSocket's
 *                     other settings under the same prefix are the events feature's own)
 */
@Validated
@ConfigurationProperties("skyport.orders")
public record OrdersProperties(
        @NotNull @DefaultValue("5s") Duration waitForFirst,
        @NotNull @DefaultValue("30s") Duration claimLease,
        @NotNull @Valid @DefaultValue Events events) {

    /**
     * @param retention how long each customer's events stay replayable for {@code /ws/orders?after=}
     *                  (their TTL); an older cursor gets a resync frame
     */
    public record Events(@NotNull @DefaultValue("7d") Duration retention) {
    }
}
