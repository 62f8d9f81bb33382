package dev.skyport.users.auth.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.skyport.users.user.UserAccount;
import dev.skyport.users.user.UserDirectory;

/**
 * Fills Skyport's claims (docs/architecture.md, "Security defaults"): access tokens get {@code aud = [skyport-api]}, {@code roles} and, for a
 * user, {@code email}; ID tokens keep {@code aud = client id}, so a resource server refuses them. The user is
 * read again for every token, so a disabled account can neither finish a login nor refresh, and role changes
 * reach the next refreshed token.
 */
// Claim values are plain ArrayLists: the authorization's stored metadata is read back through Spring Security's
// Jackson allow-list, which refuses JDK-internal immutable collections.
public class SkyportTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final UserDirectory directory;
    private final String audience;

    public SkyportTokenClaims(UserDirectory directory, String audience) {
        this.directory = directory;
        this.audience = audience;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean forClient = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            context.getClaims().audience(new ArrayList<>(List.of(audience)));
            if (forClient) {
                context.getClaims().claim("roles", new ArrayList<String>());
            } else {
                UserAccount account = activeAccount(context.getPrincipal().getName());
                context.getClaims().claim("roles", new ArrayList<>(account.roles().stream().sorted().toList()));
                context.getClaims().claim("email", account.email());
            }
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue()) && !forClient) {
            UserAccount account = activeAccount(context.getPrincipal().getName());
            context.getClaims().claim("email", account.email());
            if (context.getAuthorizedScopes().contains(OidcScopes.PROFILE)) {
                context.getClaims().claim("name", account.name());
            }
        }
    }

    private UserAccount activeAccount(String userId) {
        Optional<UserAccount> account = directory.findById(userId).filter(UserAccount::isActive);
        return account.orElseThrow(() -> new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The user account is not active", null)));
    }
}
