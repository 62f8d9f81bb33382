package dev.skyport.starter.security;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller as the token describes it: {@code id} is the JWT {@code sub} (a user id, or a client id for
 * client-credentials tokens), roles and scopes without their {@code ROLE_}/{@code SCOPE_} prefixes.
 * Also usable as a controller method parameter.
 */
public record CurrentUser(String id, Set<String> roles, Set<String> scopes, String email) {

    public static CurrentUser from(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("no authenticated caller");
        }
        Set<String> roles = new LinkedHashSet<>();
        Set<String> scopes = new LinkedHashSet<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name == null) {
                continue;
            }
            if (name.startsWith("ROLE_")) {
                roles.add(name.substring(5));
            } else if (name.startsWith("SCOPE_")) {
                scopes.add(name.substring(6));
            }
        }
        String email = null;
        if (authentication instanceof JwtAuthenticationToken jwtAuth) {
            Jwt jwt = jwtAuth.getToken();
            email = jwt.getClaimAsString("email");
            return new CurrentUser(jwt.getSubject(), Set.copyOf(roles), Set.copyOf(scopes), email);
        }
        return new CurrentUser(authentication.getName(), Set.copyOf(roles), Set.copyOf(scopes), email);
    }

    /** The caller of the current request (from the security context). */
    public static CurrentUser current() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    public boolean isAdmin() {
        return roles.contains("ADMIN");
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
