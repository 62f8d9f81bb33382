package dev.skyport.gateway.security;

import java.time.Clock;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.defaults.SkyportAuthorities;
import dev.skyport.defaults.TokenRules;
import dev.skyport.gateway.GatewayProperties;
import dev.skyport.gateway.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Authentication at the edge: JWT access tokens from the configured issuer (RS256 only, iss, aud, exp/nbf),
 * public routes listed explicitly, everything else authenticated; CORS from configuration; secure headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class EdgeSecurity {

    /** The authenticated principal's id (JWT sub) on the exchange, for the access log and the rate limiter. */
    public static final String PRINCIPAL = "skyport.principal";

    /**
     * Paths of the gateway's own endpoints anyone may call. Routed paths are public only when their route lists them
     * under metadata {@code public-paths} (RoutePublicPaths); anything else needs a valid access token.
     */
    static final String[] PUBLIC_PATHS = { "/docs", "/docs/**", "/webjars/**", "/swagger-ui/**", "/v3/api-docs/**",
            // Actuator lives on the management port only (never routed); health, info, metrics and prometheus.
            "/actuator/**" };

    @Bean
    JwksKeyCache jwksKeyCache(GatewayProperties properties, MeterRegistry meters) {
        return new JwksKeyCache(properties.jwkSetUri(), properties.jwksRefetchMinInterval(), properties.jwksMaxAge(),
                meters);
    }

    @Bean
    ReactiveJwtDecoder accessTokenDecoder(JwksKeyCache keys, GatewayProperties properties) {
        NimbusReactiveJwtDecoder.JwkSourceReactiveJwtDecoderBuilder builder = NimbusReactiveJwtDecoder
                .withJwkSource(keys::keysFor);
        TokenRules.ALGORITHMS.forEach(builder::jwsAlgorithm);
        NimbusReactiveJwtDecoder decoder = builder.build();
        // The services' rule set (exp required, 30 s skew); ID tokens carry aud = the client id, so they stop here.
        decoder.setJwtValidator(TokenRules.validator(properties.issuerUri().toString(), properties.audience()));
        return new VerifiedTokenCache(decoder, properties.verifiedTokenCacheSize(), Clock.systemUTC());
    }

    /**
     * No observation per security filter: Spring Security would wrap each filter of its chain in one (a span and a
     * timer per filter per request), which cost every request more than the filters themselves for no operational
     * value. The request, the route and the upstream call stay traced and timed.
     */
    @Bean
    static SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Validates bearer tokens and notes the token's subject on the exchange as it does, so nothing has to read the
     * security context back later (that was a filter of its own on every request, public ones too).
     */
    static ReactiveAuthenticationManagerResolver<ServerWebExchange> bearerAuthentication(ReactiveJwtDecoder decoder) {
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
        manager.setJwtAuthenticationConverter(authorities());
        return exchange -> Mono.just(authentication -> manager.authenticate(authentication).doOnNext(authenticated -> {
            if (authenticated instanceof JwtAuthenticationToken token && token.getToken().getSubject() != null) {
                exchange.getAttributes().put(PRINCIPAL, token.getToken().getSubject());
            }
        }));
    }

    /**
     * The same authorities the services grant (scopes → SCOPE_x, roles → ROLE_X), worked out once per verified token:
     * the decoder hands out the same {@link Jwt} for a token it has seen, so its authentication is kept beside it
     * (weakly, by identity) instead of being rebuilt from the claims on every request.
     */
    static Converter<Jwt, Mono<AbstractAuthenticationToken>> authorities() {
        ReactiveJwtAuthenticationConverterAdapter convert = new ReactiveJwtAuthenticationConverterAdapter(
                new SkyportAuthorities());
        Cache<Jwt, AbstractAuthenticationToken> converted = Caffeine.newBuilder().weakKeys().maximumSize(10_000)
                .executor(Runnable::run).build();
        return jwt -> {
            AbstractAuthenticationToken known = converted.getIfPresent(jwt);
            return known != null ? Mono.just(known)
                    : convert.convert(jwt).doOnNext(authentication -> converted.put(jwt, authentication));
        };
    }

    /**
     * Public paths (the routes' {@code public-paths} and the gateway's own) get the firewall, CORS and the secure
     * headers, and nothing else of Spring Security: no token is read there, no anonymous authentication is made up and
     * no authorization rule is evaluated. A bearer token sent to a public path is not looked at (the backend may); the
     * principal is noted only on protected paths. Running the whole chain on public requests cost more than any other
     * single part of the edge (docs/benchmarks.md).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain publicPathsChain(ServerHttpSecurity http,
            org.springframework.cloud.gateway.config.GatewayProperties gateway) {
        PublicPaths publicPaths = new PublicPaths(RoutePublicPaths.of(gateway.getRoutes()), PUBLIC_PATHS);
        return stateless(http.securityMatcher(publicPaths))
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .build();
    }

    /** Everything else: a valid access token, and the ADMIN role under /admin. */
    @Bean
    SecurityWebFilterChain edgeSecurityChain(ServerHttpSecurity http, ReactiveJwtDecoder accessTokenDecoder,
            JwksKeyCache keys) {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(keys);
        return stateless(http)
                .authorizeExchange(exchanges -> exchanges.pathMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .pathMatchers("/admin/**").hasRole("ADMIN").anyExchange().authenticated())
                .oauth2ResourceServer(oauth2 -> oauth2
                        .bearerTokenConverter(new BearerTokenHeader())
                        .authenticationManagerResolver(bearerAuthentication(accessTokenDecoder))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((exchange, denied) -> Problems.write(exchange, HttpStatus.FORBIDDEN,
                                "Forbidden", "The token does not grant access to this resource.", "insufficient_scope")))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((exchange, denied) -> Problems.write(exchange, HttpStatus.FORBIDDEN,
                                "Forbidden", "The token does not grant access to this resource.", "insufficient_scope")))
                .build();
    }

    /** What both chains share: no sessions, logins or CSRF tokens (bearer tokens only); CORS; secure headers. */
    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                // Stateless: the default repository loads the context from a WebSession, and creating that session
                // (InMemoryWebSessionStore) hops every request to boundedElastic and back to parallel — the
                // profile's biggest cost. Bearer tokens need no session, and a gateway session would also rewrite
                // the users-service's SESSION cookie between GET and POST /login.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .cors(cors -> { })
                // Spring Security's secure headers, written by one writer in one pass (SecureHeaders).
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .addFilterAt(new HttpHeaderWriterWebFilter(new SecureHeaders()),
                        SecurityWebFiltersOrder.HTTP_HEADERS_WRITER);
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(GatewayProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.corsAllowedOrigins().stream().filter(s -> !s.isBlank()).toList());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Api-Key",
                "X-Request-Id", "traceparent"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Request-Id", "RateLimit", "RateLimit-Policy",
                "X-RateLimit-Limit", "X-RateLimit-Remaining"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
