package dev.skyport.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.PermissionsPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;

/**
 * {@link SecureHeaders} writes what Spring Security's default header writers write, with the edge's referrer and
 * permissions policies: the same headers, with the same values, on fresh responses and on responses that already
 * carry some of them, on 304s, over HTTP and HTTPS.
 */
class SecureHeadersTest {

    /** What {@code ServerHttpSecurity.headers()} installs by default, plus the two policies the edge sets. */
    private static ServerHttpHeadersWriter springSecurityDefaults() {
        ReferrerPolicyServerHttpHeadersWriter referrer = new ReferrerPolicyServerHttpHeadersWriter();
        referrer.setPolicy(ReferrerPolicy.SAME_ORIGIN);
        PermissionsPolicyServerHttpHeadersWriter permissions = new PermissionsPolicyServerHttpHeadersWriter();
        permissions.setPolicy(SecureHeaders.PERMISSIONS_POLICY);
        return new CompositeServerHttpHeadersWriter(List.of(new CacheControlServerHttpHeadersWriter(),
                new ContentTypeOptionsServerHttpHeadersWriter(), new StrictTransportSecurityServerHttpHeadersWriter(),
                new XFrameOptionsServerHttpHeadersWriter(), new XXssProtectionServerHttpHeadersWriter(), permissions,
                referrer));
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
        MockServerWebExchange expected = MockServerWebExchange.from(MockServerHttpRequest.get(url));
        backend.accept(expected);
        springSecurityDefaults().writeHttpHeaders(expected).block();

        MockServerWebExchange actual = MockServerWebExchange.from(MockServerHttpRequest.get(url));
        backend.accept(actual);
        new SecureHeaders().writeHttpHeaders(actual).block();

        assertThat(actual.getResponse().getHeaders().headerSet())
                .containsExactlyInAnyOrderElementsOf(expected.getResponse().getHeaders().headerSet());
        assertThat(actual.getResponse().getHeaders().containsHeader("X-Content-Type-Options")).isTrue();
    }
}
