package dev.skyport.gateway.security;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/** Puts the authenticated principal's id (JWT sub) on the exchange for the access log and the rate limiter. */
@Component
public class PrincipalAttributeFilter implements WebFilter, Ordered {

    public static final String ATTRIBUTE = "skyport.principal";

    @Override
    public int getOrder() {
        return -90; // right after Spring Security's chain (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .doOnNext(context -> {
                    if (context.getAuthentication() instanceof JwtAuthenticationToken token) {
                        exchange.getAttributes().put(ATTRIBUTE, token.getToken().getSubject());
                    }
                })
                .then(chain.filter(exchange));
    }
}
