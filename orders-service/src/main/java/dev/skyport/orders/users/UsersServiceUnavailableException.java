package dev.skyport.orders.users;

import java.time.Duration;

/** users-service could not answer (down, slow, failing, or the circuit is open); try again after {@code retryAfter}. */
public class UsersServiceUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public UsersServiceUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
