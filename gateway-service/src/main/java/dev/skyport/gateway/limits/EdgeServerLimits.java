package dev.skyport.gateway.limits;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import dev.skyport.gateway.problem.Problems;

/**
 * Limits of the HTTP server itself: slow clients are cut off while sending a request, and path tricks
 * (`..`, `%2e`, `%2F`, `//`, `;`, backslashes) are refused by Spring Security's strict firewall before
 * routing or authorization can be fooled by them.
 */
@Configuration(proxyBeanMethods = false)
public class EdgeServerLimits {

    @Bean
    NettyServerCustomizer slowClientCutOff(@Value("${skyport.gateway.request-head-timeout:10s}") Duration headTimeout,
            @Value("${skyport.gateway.request-read-timeout:30s}") Duration readTimeout,
            @Value("${skyport.gateway.request-timeout:60s}") Duration requestTimeout) {
        // headTimeout: request line and headers (Reactor Netty's own timeouts start only after them);
        // readTimeout: longest silence while a request's body is being received; requestTimeout: the whole body.
        return server -> server.readTimeout(readTimeout).requestTimeout(requestTimeout)
                .doOnChannelInit((observer, channel, remoteAddress) -> RequestHeadDeadline.install(channel, headTimeout));
    }

    /** Spring Security's strict firewall, with the same header rules checked at less cost (HeaderFirewall). */
    @Bean
    StrictServerWebExchangeFirewall pathFirewall() {
        return HeaderFirewall.strict();
    }

    @Bean
    ServerExchangeRejectedHandler pathRejected() {
        return (exchange, rejected) -> Problems.write(exchange, HttpStatus.BAD_REQUEST, "Bad Request",
                "The request path or headers are not acceptable.", "request_rejected");
    }
}
