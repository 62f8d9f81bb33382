package dev.skyport.gateway.routing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;

import dev.skyport.gateway.GatewayProperties;

class RouteTimeoutValidatorTest {

    private static RouteTimeoutValidator validatorFor(Object timeoutMs) {
        org.springframework.cloud.gateway.config.GatewayProperties gateway =
                new org.springframework.cloud.gateway.config.GatewayProperties();
        RouteDefinition route = new RouteDefinition();
        route.setId("orders");
        route.setUri(URI.create("http://localhost:9002"));
        route.setMetadata(Map.of("response-timeout", timeoutMs));
        gateway.setRoutes(List.of(route));
        HttpClientProperties client = new HttpClientProperties();
        client.setResponseTimeout(Duration.ofSeconds(10));
        GatewayProperties properties = new GatewayProperties(null, null, "skyport-api", null, null, 0, "", List.of(),
                List.of(), null, List.of(), Duration.ofMillis(50), Duration.ofSeconds(29), null, null, null, null);
        return new RouteTimeoutValidator(gateway, client, properties);
    }

    @Test
    void acceptsTimeoutsWithinFiftyMillisecondsAndTwentyNineSeconds() {
        assertThatCode(() -> validatorFor(50).afterSingletonsInstantiated()).doesNotThrowAnyException();
        assertThatCode(() -> validatorFor("29000").afterSingletonsInstantiated()).doesNotThrowAnyException();
    }

    @Test
    void refusesToStartWithATimeoutOutOfBounds() {
        assertThatThrownBy(() -> validatorFor(49).afterSingletonsInstantiated())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("orders");
        assertThatThrownBy(() -> validatorFor(30000).afterSingletonsInstantiated())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("29000");
    }
}
