package dev.skyport.gateway.security;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.problem.Problems;
import reactor.core.publisher.Mono;

/** 401 with the RFC 6750 {@code WWW-Authenticate} challenge and a problem+json body (never echoing the token). */
class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        String challenge = "Bearer";
        String detail = "An access token is required.";
        if (ex instanceof OAuth2AuthenticationException oauth) {
            String code = oauth.getError().getErrorCode();
            challenge = "Bearer error=\"" + code + "\", error_description=\"The access token is not valid\"";
            detail = "The access token is not valid.";
        }
        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", detail,
                Map.of("WWW-Authenticate", challenge));
    }
}
