package dev.skyport.defaults;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Maps {@code scope}/{@code scp} (JSON array or space-separated string) to {@code SCOPE_x} and {@code roles} to
 * {@code ROLE_X}; the principal name is {@code sub}. The edge and the services grant the same authorities.
 */
public final class SkyportAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (String scope : values(jwt.getClaims().get("scope"))) {
            authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
        }
        for (String scope : values(jwt.getClaims().get("scp"))) {
            authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
        }
        for (String role : values(jwt.getClaims().get("roles"))) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    private static List<String> values(Object claim) {
        if (claim instanceof String s) {
            return List.of(s.trim().split("\\s+")).stream().filter(v -> !v.isEmpty()).toList();
        }
        if (claim instanceof Collection<?> c) {
            return c.stream().filter(v -> v != null).map(Object::toString).filter(v -> !v.isBlank()).toList();
        }
        return List.of();
    }
}
