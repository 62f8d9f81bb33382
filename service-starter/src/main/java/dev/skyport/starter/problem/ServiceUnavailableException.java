package dev.skyport.starter.problem;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** 503 Service Unavailable with a Retry-After header (whole seconds, at least 1). */
public class ServiceUnavailableException extends ApiException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String detail, Duration retryAfter) {
        this("service-unavailable", "Service Unavailable", detail, retryAfter, null);
    }

    public ServiceUnavailableException(String type, String title, String detail, Duration retryAfter, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail, cause);
        this.retryAfter = retryAfter;
        withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
