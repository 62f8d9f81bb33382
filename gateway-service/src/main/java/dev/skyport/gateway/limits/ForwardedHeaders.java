package dev.skyport.gateway.limits;

import java.util.List;

import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the services who the client is: X-Forwarded-For (one address, the one {@link ClientAddress} resolved),
 * X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Port on every proxied request and WebSocket upgrade, replacing anything the
 * client sent. Spring Cloud Gateway's own XForwardedHeadersFilter is switched off (application.yml): it appends
 * to the client's list and trusts by regex, and it forwards nothing at all from an untrusted peer.
 */
@Component
public class ForwardedHeaders implements HttpHeadersFilter, Ordered {

    /**
     * With its own forwarded filters off, Spring Cloud Gateway adds two more (RemoveForwardedHeadersFilter,
     * RemoveXForwardedHeadersFilter), each copying every request header to leave out Forwarded or X-Forwarded-*.
     * This filter, the last, leaves those out and writes its own anyway: the two copies per request buy nothing.
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor withoutRedundantForwardedRemovers() {
        return registry -> {
            for (String name : List.of("removeForwardedHeadersFilter", "removeXForwardedHeadersFilter")) {
                if (registry.containsBeanDefinition(name)) {
                    registry.removeBeanDefinition(name);
                }
            }
        };
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ClientAddress.Forwarded client = exchange.getAttribute(ClientAddress.FORWARDED_ATTRIBUTE);
        HttpHeaders output = new HttpHeaders();
        output.putAll(input);
        for (String name : new String[] { "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                "X-Forwarded-Port", "X-Forwarded-Prefix" }) {
            output.remove(name);
        }
        if (client != null) {
            output.set("X-Forwarded-For", client.address());
            output.set("X-Forwarded-Proto", client.proto());
            if (client.host() != null) {
                output.set("X-Forwarded-Host", client.host());
            }
            output.set("X-Forwarded-Port", Integer.toString(client.port()));
        }
        return output;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // last: nothing after it can add a client-chosen value back
    }
}
