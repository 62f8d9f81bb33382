package dev.skyport.gateway.security;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * The paths anyone may call (the routes' {@code public-paths} and the gateway's own public endpoints), as the matcher
 * that sends an exchange to the public security chain. It runs for every request, so it decides in one loop over
 * parsed patterns and answers with two shared results, where Spring Security's {@code pathMatchers} would chain a
 * reactive matcher per pattern. Patterns are Spring Security's: parsed by the default {@link PathPatternParser} and
 * matched against the path within the application.
 */
final class PublicPaths implements ServerWebExchangeMatcher {

    private static final Mono<MatchResult> MATCH = MatchResult.match();
    private static final Mono<MatchResult> NO_MATCH = MatchResult.notMatch();

    private record Entry(HttpMethod method, PathPattern pattern) {
    }

    private final List<Entry> entries;

    PublicPaths(List<RoutePublicPaths> routePaths, String... gatewayPaths) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        List<Entry> all = new java.util.ArrayList<>();
        for (String path : gatewayPaths) {
            all.add(new Entry(null, parser.parse(path)));
        }
        for (RoutePublicPaths path : routePaths) {
            all.add(new Entry(path.method(), parser.parse(path.pattern())));
        }
        this.entries = List.copyOf(all);
    }

    boolean isPublic(HttpMethod method, PathContainer path) {
        for (Entry entry : entries) {
            if ((entry.method() == null || entry.method().equals(method)) && entry.pattern().matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Mono<MatchResult> matches(ServerWebExchange exchange) {
        return isPublic(exchange.getRequest().getMethod(), exchange.getRequest().getPath().pathWithinApplication())
                ? MATCH : NO_MATCH;
    }
}
