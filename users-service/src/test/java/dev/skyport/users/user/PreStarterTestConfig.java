package dev.skyport.users.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

// TEMPORARY until the starter lands: security chain and table creation. Deleted after `git merge starter`.
@TestConfiguration
class PreStarterTestConfig {

    @Bean
    SecurityFilterChain tmpChain(HttpSecurity http) throws Exception {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<GrantedAuthority> a = new ArrayList<>();
            List<String> scopes = jwt.getClaimAsStringList("scope");
            if (scopes != null) scopes.forEach(s -> a.add(new SimpleGrantedAuthority("SCOPE_" + s)));
            List<String> roles = jwt.getClaimAsStringList("roles");
            if (roles != null) roles.forEach(s -> a.add(new SimpleGrantedAuthority("ROLE_" + s)));
            return a;
        });
        return http.csrf(c -> c.disable())
                .authorizeHttpRequests(r -> r.requestMatchers(HttpMethod.POST, "/api/users").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/error").permitAll().anyRequest().authenticated())
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(converter))).build();
    }

    @Bean
    Object tables(UserStore store) {
        store.users().createTable(b -> b.globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder()
                .indexName(UserItem.BY_STATUS).projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        store.emails().createTable();
        return new Object();
    }
}
