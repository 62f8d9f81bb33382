package dev.skyport.gateway.problem;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

/**
 * The edge's one exception translation point: every failure becomes problem+json with a fitting status,
 * never a stack trace. Open breakers and full bulkheads say when to come back (Retry-After).
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    private final long breakerRetryAfterSeconds;

    public GatewayErrorHandler(
            @org.springframework.beans.factory.annotation.Value("${resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state:10s}") java.time.Duration openFor) {
        this.breakerRetryAfterSeconds = Math.max(1, (openFor.toMillis() + 999) / 1000);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        Throwable cause = rootOf(error);
        if (error instanceof CallNotPermittedException || cause instanceof CallNotPermittedException
                || error instanceof org.springframework.cloud.gateway.support.ServiceUnavailableException) {
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                    "The backend is failing; the circuit breaker is open.", "circuit_open",
                    Map.of("Retry-After", Long.toString(breakerRetryAfterSeconds)));
        }
        if (cause instanceof BulkheadFullException) {
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                    "Too many requests are in flight to this backend.", "bulkhead_full", Map.of("Retry-After", "1"));
        }
        if (error instanceof EdgeProblemException problem) {
            return Problems.write(exchange, problem.getStatusCode(), reason(problem.getStatusCode()),
                    problem.getReason(), problem.reasonCode());
        }
        if (error instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            if (status.value() == 504) {
                return Problems.write(exchange, status, "Gateway Timeout", "The backend did not answer in time.",
                        "upstream_timeout");
            }
            if (status.is5xxServerError()) {
                log.warn("edge error status={} path={} error={}", status.value(),
                        exchange.getRequest().getPath().value(), error.toString());
            }
            return Problems.write(exchange, status, reason(status), rse.getReason(), Problems.reasonFor(status));
        }
        if (cause instanceof TimeoutException) {
            return Problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "Gateway Timeout",
                    "The backend did not answer in time.", "upstream_timeout");
        }
        if (cause instanceof ConnectException) {
            // Nothing listens (a service stopped or restarting): unavailable, and worth retrying shortly.
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                    "The backend is not accepting connections.", "upstream_unavailable", Map.of("Retry-After", "1"));
        }
        if (cause instanceof java.nio.channels.ClosedChannelException || cause instanceof java.io.IOException) {
            return Problems.write(exchange, HttpStatus.BAD_GATEWAY, "Bad Gateway", "The connection to the backend failed.",
                    "upstream_failed");
        }
        if (error instanceof org.springframework.web.client.HttpStatusCodeException sce) {
            return Problems.write(exchange, sce.getStatusCode(), reason(sce.getStatusCode()), null,
                    Problems.reasonFor(sce.getStatusCode()));
        }
        log.error("unexpected edge error path={}", exchange.getRequest().getPath().value(), error);
        return Problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error", null,
                "internal_error");
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "Error";
    }

    private static Throwable rootOf(Throwable error) {
        Throwable current = error;
        for (int i = 0; i < 10 && current.getCause() != null && current.getCause() != current; i++) {
            current = current.getCause();
        }
        return current;
    }
}
