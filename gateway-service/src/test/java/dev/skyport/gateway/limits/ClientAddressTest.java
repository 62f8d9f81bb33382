package dev.skyport.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import dev.skyport.gateway.GatewayProperties;

class ClientAddressTest {

    private static ClientAddress trusting(String... proxies) {
        return new ClientAddress(new GatewayProperties(null, null, "skyport-api", null, null, 0, "", List.of(proxies),
                List.of(), null, List.of(), null, null, null, null, null, null));
    }

    private static MockServerWebExchange from(String peer, String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/users")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        for (String hop : forwardedFor) {
            request.header("X-Forwarded-For", hop);
        }
        return MockServerWebExchange.from(request);
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertThat(trusting("10.0.0.0/8").resolve(from("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
        assertThat(trusting().resolve(from("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void walksForwardedForRightToLeftSkippingTrustedProxies() {
        ClientAddress resolver = trusting("10.0.0.0/8", "192.168.1.1");
        assertThat(resolver.resolve(from("10.1.2.3", "6.6.6.6, 198.51.100.7, 192.168.1.1"))).isEqualTo("198.51.100.7");
    }

    @Test
    void fallsBackToThePeerWhenEveryHopIsTrusted() {
        assertThat(trusting("10.0.0.0/8").resolve(from("10.1.2.3", "10.9.9.9"))).isEqualTo("10.1.2.3");
    }

    @Test
    void neverResolvesHostNamesFromHeaders() {
        assertThat(trusting("10.0.0.0/8").resolve(from("10.1.2.3", "evil.example"))).isEqualTo("evil.example");
        assertThat(ClientAddress.Cidr.literal("evil.example")).isNull();
    }

    @Test
    void forwardsThePortTheClientAskedForOrTheSchemesDefault() {
        assertThat(ClientAddress.port("localhost:8080", "http")).isEqualTo(8080);
        assertThat(ClientAddress.port("[::1]:8443", "https")).isEqualTo(8443);
        assertThat(ClientAddress.port("[::1]", "https")).isEqualTo(443);
        assertThat(ClientAddress.port("api.skyport.example", "https")).isEqualTo(443);
        assertThat(ClientAddress.port("api.skyport.example", "http")).isEqualTo(80);
        assertThat(ClientAddress.port("api.skyport.example:99999", "http")).isEqualTo(80);
        assertThat(ClientAddress.port(null, "http")).isEqualTo(80);
    }
}
