package dev.skyport.orders.users;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How orders-service calls users-service ({@code skyport.orders.users-service.*}); the resilience
 * policy of the call is built from these in {@link UsersClient}, where the call is made.
 *
 * @param url                    users-service's internal URL (USERS_SERVICE_URL), never the gateway
 * @param connectTimeout         TCP connect timeout of one attempt
 * @param timeout                the whole of one attempt (token and address), enforced by a TimeLimiter
 * @param maxAttempts            attempts per lookup, retried on I/O errors, timeouts and 5xx
 * @param retryBackoff           pause before the first retry, doubled for each further one
 * @param failureRateThreshold   percentage of failed calls that opens the circuit
 * @param slidingWindowSize      calls the failure rate is measured over
 * @param minimumCalls           calls needed before the rate counts
 * @param openDuration           how long an open circuit refuses calls before letting probes through
 */
@Validated
@ConfigurationProperties("skyport.orders.users-service")
public record UsersServiceProperties(
        @NotNull URI url,
        @NotNull @DefaultValue("500ms") Duration connectTimeout,
        @NotNull @DefaultValue("2s") Duration timeout,
        @Min(1) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("100ms") Duration retryBackoff,
        @Min(1) @DefaultValue("50") int failureRateThreshold,
        @Min(1) @DefaultValue("10") int slidingWindowSize,
        @Min(1) @DefaultValue("5") int minimumCalls,
        @NotNull @DefaultValue("10s") Duration openDuration) {
}
