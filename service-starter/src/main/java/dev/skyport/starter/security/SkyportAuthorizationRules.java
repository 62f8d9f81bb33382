package dev.skyport.starter.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's authorization rules, applied to the starter's filter chain before
 * {@code anyRequest().authenticated()}. Declare one or more as beans, e.g.
 * {@code registry -> registry.requestMatchers(HttpMethod.GET, "/api/orders/**").hasAuthority("SCOPE_orders:read")}.
 */
@FunctionalInterface
public interface SkyportAuthorizationRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry registry);
}
