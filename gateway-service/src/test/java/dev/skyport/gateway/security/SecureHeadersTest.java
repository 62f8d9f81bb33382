package dev.skyport.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.web.server.WebFilter;

/**
 * {@link SecureHeaders} writes what Spring Security's header writing writes by default, with the edge's referrer and
 * permissions policies: the same headers, with the same values, on fresh responses and on responses that already
 * carry some of them, on 304s, over HTTP and HTTPS.
 */
class SecureHeadersTest {

    /**
     * What Spring Security's own header writing does with its defaults and the edge's two policies: the header filter
     * of a chain built by {@code ServerHttpSecurity}, so a default Spring Security adds later shows up here.
     */
    private static WebFilter springSecurityHeaders() {
        SecurityWebFilterChain chain = ServerHttpSecurity.http()
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicy(policy -> policy.policy(SecureHeaders.PERMISSIONS_POLICY)))
                .build();
        return chain.getWebFilters().filter(HttpHeaderWriterWebFilter.class::isInstance).blockFirst();
    }

    /** The response as a client would get it: the header filter runs, then the response is committed. */
    private static HttpHeaders answer(WebFilter headers, String url, Consumer<MockServerWebExchange> backend) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(url));
        backend.accept(exchange);
        headers.filter(exchange, e -> e.getResponse().setComplete()).block();
        return exchange.getResponse().getHeaders();
    }

    static Stream<Arguments> responses() {
        Consumer<MockServerWebExchange> nothing = exchange -> { };
        return Stream.of(
                Arguments.of("a fresh response over HTTP", "http://edge.test/api/orders", nothing),
                Arguments.of("a fresh response over HTTPS", "https://edge.test/api/orders", nothing),
                Arguments.of("a 304", "https://edge.test/api/orders",
                        (Consumer<MockServerWebExchange>) e -> e.getResponse().setStatusCode(HttpStatus.NOT_MODIFIED)),
                Arguments.of("a backend's own Cache-Control", "http://edge.test/docs",
                        (Consumer<MockServerWebExchange>) e -> e.getResponse().getHeaders()
                                .set(HttpHeaders.CACHE_CONTROL, "max-age=600")),
                Arguments.of("a backend's own Expires", "http://edge.test/docs",
                        (Consumer<MockServerWebExchange>) e -> e.getResponse().getHeaders().set(HttpHeaders.EXPIRES,
                                "Thu, 01 Jan 2099 00:00:00 GMT")),
                Arguments.of("a backend's own frame, referrer and HSTS headers, in another case",
                        "https://edge.test/login", (Consumer<MockServerWebExchange>) e -> {
                            HttpHeaders headers = e.getResponse().getHeaders();
                            headers.set("x-frame-options", "SAMEORIGIN");
                            headers.set("referrer-policy", "no-referrer");
                            headers.set("strict-transport-security", "max-age=60");
                            headers.set("permissions-policy", "camera=(self)");
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void writesWhatSpringSecuritysWritersWrite(String name, String url, Consumer<MockServerWebExchange> backend) {
        HttpHeaders expected = answer(springSecurityHeaders(), url, backend);
        HttpHeaders actual = answer(new HttpHeaderWriterWebFilter(new SecureHeaders()), url, backend);

        assertThat(actual.headerSet()).containsExactlyInAnyOrderElementsOf(expected.headerSet());
        assertThat(actual.containsHeader("X-Content-Type-Options")).isTrue();
    }
}
