package dev.skyport.starter.problem;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** 429 Too Many Requests with a Retry-After header (whole seconds, at least 1). */
public class TooManyRequestsException extends ApiException {

    private final Duration retryAfter;

    public TooManyRequestsException(String detail, Duration retryAfter) {
        this("too-many-requests", "Too Many Requests", detail, retryAfter, null);
    }

    public TooManyRequestsException(String type, String title, String detail, Duration retryAfter, Throwable cause) {
        super(HttpStatus.TOO_MANY_REQUESTS, type, title, detail, cause);
        this.retryAfter = retryAfter;
        withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
