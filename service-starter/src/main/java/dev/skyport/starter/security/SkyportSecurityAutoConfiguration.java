package dev.skyport.starter.security;

import java.time.Clock;
import java.util.List;

import dev.skyport.defaults.SkyportAuthorities;
import dev.skyport.defaults.VerifiedTokens;
import dev.skyport.starter.problem.ProblemResponses;
import dev.skyport.starter.problem.SkyportProblemAutoConfiguration;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resource-server defaults: a JWT decoder validating signature (JWKS), alg, iss, aud, exp/nbf; scope and role
 * authorities; a stateless chain that permits health/info/prometheus, docs and configured public paths,
 * applies the service's {@link SkyportAuthorizationRules}, and authenticates the rest, answering problem+json.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class},
        after = SkyportProblemAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@EnableConfigurationProperties(SkyportSecurityProperties.class)
@EnableWebSecurity
public class SkyportSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder skyportJwtDecoder(SkyportSecurityProperties properties) {
        return new VerifiedTokens(properties.verifiedTokenCacheSize(), Clock.systemUTC())
                .inFrontOf(SkyportJwtDecoders.create(properties));
    }

    @Bean
    @ConditionalOnMissingBean
    SkyportAuthorities skyportJwtAuthenticationConverter() {
        return new SkyportAuthorities();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemAuthenticationEntryPoint problemAuthenticationEntryPoint(ProblemResponses responses) {
        return new ProblemAuthenticationEntryPoint(responses);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemAccessDeniedHandler problemAccessDeniedHandler(ProblemResponses responses) {
        return new ProblemAccessDeniedHandler(responses);
    }

    /** Last in order so a service's own chains (e.g. the authorization server's) match first. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    @ConditionalOnMissingBean(name = "skyportSecurityFilterChain")
    SecurityFilterChain skyportSecurityFilterChain(HttpSecurity http, SkyportSecurityProperties properties,
            JwtDecoder jwtDecoder, SkyportAuthorities converter,
            ProblemAuthenticationEntryPoint entryPoint, ProblemAccessDeniedHandler accessDeniedHandler,
            ObjectProvider<SkyportAuthorizationRules> rules) throws Exception {
        List<String> open = new java.util.ArrayList<>(properties.publicPaths());
        open.addAll(properties.docsPaths());
        open.add("/error");
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(registry -> {
                    registry.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    registry.requestMatchers(EndpointRequest.to("health", "info", "prometheus")).permitAll();
                    registry.requestMatchers(open.toArray(String[]::new)).permitAll();
                    rules.orderedStream().forEach(rule -> rule.configure(registry));
                    registry.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler));
        return http.build();
    }

    @Bean
    WebMvcConfigurer skyportCurrentUserResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentUserArgumentResolver());
            }
        };
    }
}
