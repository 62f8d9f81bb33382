package dev.skyport.gateway.security;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.decisions.DecisionFacts;
import dev.skyport.gateway.problem.Problems;
import reactor.core.publisher.Mono;

/**
 * 401 with the RFC 6750 {@code WWW-Authenticate} challenge and a problem+json body naming the check the token
 * failed ({@code reason}), never echoing the token.
 */
class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private final JwksKeyCache keys;

    ProblemAuthenticationEntryPoint(JwksKeyCache keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        TokenRejection.Verdict verdict = TokenRejection.classify(ex, bearerToken(exchange), keys);
        DecisionFacts facts = DecisionFacts.of(exchange);
        if (facts != null && !verdict.checks().isEmpty()) {
            facts.tokenRejected(verdict.checks());
        }
        String description = verdict.description().substring(0, verdict.description().length() - 1);
        String challenge = "token_missing".equals(verdict.reason()) ? "Bearer"
                : "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", verdict.description(),
                verdict.reason(), Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge));
    }

    private static String bearerToken(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
