package dev.skyport.users.user;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The user API authorizes on its controllers ({@code @PreAuthorize}): scope {@code profile} for /me, role ADMIN
 * for administration, scope {@code users:internal} for the internal endpoint. The rules sit next to the endpoints
 * they protect, and hold whichever filter chain (resource server or authorization server) admitted the request.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class UserSecurity {
}
