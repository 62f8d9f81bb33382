package dev.skyport.users.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import dev.skyport.starter.security.SkyportAuthorizationRules;

/**
 * The user API authorizes on its controllers ({@code @PreAuthorize}): scope {@code profile} for /me, role ADMIN
 * for administration, scope {@code users:internal} for the internal endpoint. The rules sit next to the endpoints
 * they protect, and hold whichever filter chain (resource server or authorization server) admitted the request.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class UserSecurity {

    /** The same rules at the URL level on the starter's chain; sign-up is the one public operation. */
    @Bean
    SkyportAuthorizationRules userApiAuthorizationRules() {
        return registry -> registry
                .requestMatchers(HttpMethod.POST, "/api/users").permitAll()
                .requestMatchers("/api/users/me").hasAuthority("SCOPE_profile")
                .requestMatchers("/api/users", "/api/users/**").hasRole("ADMIN")
                .requestMatchers("/internal/users/**").hasAuthority("SCOPE_users:internal");
    }
}
