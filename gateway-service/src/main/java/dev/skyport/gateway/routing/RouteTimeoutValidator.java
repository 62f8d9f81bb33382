package dev.skyport.gateway.routing;

import java.time.Duration;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.stereotype.Component;

import dev.skyport.gateway.GatewayProperties;

/**
 * Refuses to start with a route timeout outside the allowed bounds (50 ms–29 s by default, as Amazon API
 * Gateway's integration timeout), so a typo cannot leave a route waiting forever or failing every call.
 */
@Component
public class RouteTimeoutValidator implements SmartInitializingSingleton {

    private final org.springframework.cloud.gateway.config.GatewayProperties gateway;
    private final HttpClientProperties httpClient;
    private final Duration min;
    private final Duration max;

    public RouteTimeoutValidator(org.springframework.cloud.gateway.config.GatewayProperties gateway,
            HttpClientProperties httpClient, GatewayProperties properties) {
        this.gateway = gateway;
        this.httpClient = httpClient;
        this.min = properties.routeTimeoutMin();
        this.max = properties.routeTimeoutMax();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (httpClient.getResponseTimeout() != null) {
            check("default (httpclient.response-timeout)", httpClient.getResponseTimeout());
        }
        for (RouteDefinition route : gateway.getRoutes()) {
            Object timeout = route.getMetadata().get("response-timeout");
            if (timeout != null) {
                check(route.getId(), Duration.ofMillis(Long.parseLong(timeout.toString().trim())));
            }
        }
    }

    void check(String route, Duration timeout) {
        if (timeout.compareTo(min) < 0 || timeout.compareTo(max) > 0) {
            throw new IllegalStateException("Route " + route + " has response-timeout " + timeout.toMillis()
                    + " ms; allowed " + min.toMillis() + "–" + max.toMillis() + " ms");
        }
    }
}
