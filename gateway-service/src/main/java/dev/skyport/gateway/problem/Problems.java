package dev.skyport.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.decisions.DecisionFacts;
import dev.skyport.gateway.edge.EdgeExchangeFilter;
import dev.skyport.defaults.ProblemBody;
import dev.skyport.defaults.TraceIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem details in the shape every Skyport error takes, edge and services alike
 * ({@link ProblemBody}): {@code type} ({@code https://skyport.dev/problems/<reason>}), {@code title}, {@code status},
 * {@code detail}, {@code instance}, {@code requestId}, {@code traceId} and {@code reason}, the stable code of the
 * rule that fired (docs/gateway.md lists them). The reason also goes into the request's decision record.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String title, String detail,
            String reason) {
        return write(exchange, status, title, detail, reason, Map.of());
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String title, String detail,
            String reason, Map<String, String> headers) {
        DecisionFacts facts = DecisionFacts.of(exchange);
        if (facts != null) {
            facts.reason(reason);
        }
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(PROBLEM_JSON);
        headers.forEach((name, value) -> response.getHeaders().set(name, value));
        Map<String, Object> body = ProblemBody.of(status.value(), title, detail, exchange.getRequest().getPath().value(),
                reason, exchange.getAttribute(EdgeExchangeFilter.REQUEST_ID), exchange.getAttribute(TraceIds.ATTRIBUTE),
                Map.of());
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    /** The reason for a status when nothing more specific is known (a framework's 404, 405, 415, ...). */
    public static String reasonFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad_request";
            case 401 -> "token_missing";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 431 -> "header_too_large";
            case 502 -> "upstream_failed";
            case 503 -> "upstream_unavailable";
            case 504 -> "upstream_timeout";
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }
}
