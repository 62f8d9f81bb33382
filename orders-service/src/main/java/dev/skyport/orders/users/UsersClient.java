package dev.skyport.orders.users;

import dev.skyport.orders.order.ShippingAddress;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The one call orders-service makes to users-service: a user's default shipping address, from the
 * internal endpoint with a client-credentials token (the RestClient given here carries the OAuth2
 * interceptor). The policy is stated here, where the call is made:
 * <ul>
 *   <li>timeout: each attempt (token and address together) is bounded by a TimeLimiter
 *       ({@code timeout}, 2 s by default) on top of the HTTP connect timeout;</li>
 *   <li>retry: up to {@code maxAttempts} (3) attempts on I/O errors, timeouts and 5xx, exponential
 *       backoff from {@code retryBackoff} (100 ms); never on 4xx or an open circuit;</li>
 *   <li>circuit breaker: opens at {@code failureRateThreshold}% (50) failed calls over the last
 *       {@code slidingWindowSize} (10, at least {@code minimumCalls} 5), stays open
 *       {@code openDuration} (10 s), then lets probes through; while open, lookups fail at once.</li>
 * </ul>
 * A 404 (no such user, or no address on file) is an answer, not a failure.
 */
public class UsersClient {

    private static final Logger log = LoggerFactory.getLogger(UsersClient.class);
    public static final String NAME = "users-service";

    private final RestClient restClient;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final Duration openDuration;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

    public UsersClient(RestClient restClient, UsersServiceProperties properties, CircuitBreakerRegistry circuitBreakers,
                       RetryRegistry retries, TimeLimiterRegistry timeLimiters) {
        this.restClient = restClient;
        this.openDuration = properties.openDuration();
        this.timeLimiter = timeLimiters.timeLimiter(NAME, TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .cancelRunningFuture(true)
                .build());
        this.circuitBreaker = circuitBreakers.circuitBreaker(NAME, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failureRateThreshold())
                .waitDurationInOpenState(properties.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(UsersClient::isFailure)
                .build());
        this.retry = retries.retry(NAME, RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.retryBackoff(), 2.0))
                .retryOnException(UsersClient::isFailure)
                .build());
    }

    /**
     * The user's default shipping address, or empty when users-service says the user has none.
     *
     * @throws UsersServiceUnavailableException when users-service cannot answer now
     */
    public Optional<ShippingAddress> defaultShippingAddress(String userId) {
        Callable<Optional<ShippingAddress>> attempt = () -> timeLimiter.executeFutureSupplier(
                () -> attempts.submit(() -> fetch(userId)));
        try {
            return Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(circuitBreaker, attempt)).call();
        } catch (CallNotPermittedException e) {
            throw new UsersServiceUnavailableException("users-service is unavailable (circuit open)", openDuration, e);
        } catch (Exception e) {
            log.warn("users-service: shipping address lookup failed: {}", e.toString());
            throw new UsersServiceUnavailableException("users-service is unavailable", openDuration, e);
        }
    }

    private Optional<ShippingAddress> fetch(String userId) {
        return restClient.get()
                .uri("/internal/users/{userId}/shipping-address", userId)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.value() == 404) {
                        return Optional.empty();
                    }
                    if (status.is2xxSuccessful()) {
                        return Optional.ofNullable(response.bodyTo(ShippingAddress.class));
                    }
                    if (status.is5xxServerError()) {
                        throw new HttpServerErrorException(status, "users-service answered " + status.value());
                    }
                    throw new HttpClientErrorException(status, "users-service answered " + status.value());
                });
    }

    /** What counts against users-service: it could not be reached, was too slow, or failed. */
    static boolean isFailure(Throwable e) {
        return e instanceof IOException
                || e instanceof ResourceAccessException
                || e instanceof TimeoutException
                || e instanceof HttpServerErrorException
                || e instanceof OAuth2AuthorizationException // no token: the token endpoint failed
                || (e instanceof HttpClientErrorException c && c.getStatusCode().value() == 401);
    }
}
