package dev.skyport.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.observability.RequestIdFilter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problem details; the one shape every error of the edge takes. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String title, String detail) {
        return write(exchange, status, title, detail, Map.of());
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String title, String detail,
            Map<String, String> headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(PROBLEM_JSON);
        headers.forEach((name, value) -> response.getHeaders().set(name, value));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", exchange.getRequest().getPath().value());
        String requestId = exchange.getAttribute(RequestIdFilter.ATTRIBUTE);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        String traceId = exchange.getAttribute(dev.skyport.gateway.observability.TraceIds.ATTRIBUTE);
        if (traceId != null) {
            body.put("traceId", traceId);
        }
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
