package dev.skyport.orders.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code /ws/orders} socket and the stream reader behind it ({@code skyport.orders.events.*}).
 *
 * @param pingInterval      how often the server pings each socket (keeps proxies and NATs from dropping it)
 * @param idleTimeout       a socket with no frame from the client (text, binary or pong) and no event for this
 *                          long is closed with 1000; API Gateway's default, 10 minutes
 * @param maxMessageSize    the largest frame accepted from a client (bigger: closed with 1009); 128 KB
 * @param sendBufferSize    bytes of events that may wait for one slow socket before it is closed with 1013
 * @param sendTimeLimit     how long one send may block before the socket counts as stuck (closed with 1013)
 * @param pollInterval      how long the stream reader waits after a poll that found nothing
 * @param discoveryInterval how often the reader looks for new shards even when none ended
 */
@Validated
@ConfigurationProperties("skyport.orders.events")
public record OrderEventsProperties(
        @NotNull @DefaultValue("25s") Duration pingInterval,
        @NotNull @DefaultValue("10m") Duration idleTimeout,
        @Min(1024) @DefaultValue("131072") int maxMessageSize,
        @Min(1024) @DefaultValue("524288") int sendBufferSize,
        @NotNull @DefaultValue("10s") Duration sendTimeLimit,
        @NotNull @DefaultValue("100ms") Duration pollInterval,
        @NotNull @DefaultValue("10s") Duration discoveryInterval) {
}
