package dev.skyport.gateway.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The secure response headers of both security chains, written in one pass: what Spring Security's default header
 * writers write with the edge's referrer and permissions policies (SecureHeadersTest checks that they agree on every
 * case). Spring Security runs twelve writers per response through a Reactor {@code concatMap}, and each of its static
 * writers copies its own header names into a new case-insensitive set for every response: the largest allocation
 * of a proxied request in the gateway's profile. Each header is left alone when the response has it already (the
 * cache headers as a group), the cache headers are not added to a 304, and HSTS only goes out over HTTPS.
 */
final class SecureHeaders implements ServerHttpHeadersWriter {

    // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with a form POST (Fetch standard),
    // which CORS refuses, so nobody could sign in on /login through the edge. Other sites still get no referrer.
    static final String REFERRER_POLICY = "same-origin";
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()";
    private static final String HSTS = "max-age=31536000 ; includeSubDomains";

    @Override
    public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        if (!HttpStatus.NOT_MODIFIED.equals(response.getStatusCode())
                && !headers.containsHeader(HttpHeaders.CACHE_CONTROL) && !headers.containsHeader(HttpHeaders.PRAGMA)
                && !headers.containsHeader(HttpHeaders.EXPIRES)) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
            headers.set(HttpHeaders.PRAGMA, "no-cache");
            headers.set(HttpHeaders.EXPIRES, "0");
        }
        setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
        if ("https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme())) {
            setIfAbsent(headers, "Strict-Transport-Security", HSTS);
        }
        setIfAbsent(headers, "X-Frame-Options", "DENY");
        setIfAbsent(headers, "X-XSS-Protection", "0");
        setIfAbsent(headers, "Permissions-Policy", PERMISSIONS_POLICY);
        setIfAbsent(headers, "Referrer-Policy", REFERRER_POLICY);
        return Mono.empty();
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
