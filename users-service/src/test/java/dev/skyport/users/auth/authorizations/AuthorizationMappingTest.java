package dev.skyport.users.auth.authorizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.skyport.users.auth.TokenHashes;

/**
 * The mapping on its own, without a table: an authorization survives the trip through its item, and the item
 * carries what the store looks it up by (each token's hash) and what expires it.
 */
class AuthorizationMappingTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private final RegisteredClient client = RegisteredClient.withId("cli-id").clientId("skyport-cli")
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUri("http://127.0.0.1:8765/callback")
            .scope("orders:read")
            .build();

    private final AuthorizationMapping mapping = new AuthorizationMapping(
            new InMemoryRegisteredClientRepository(client), Clock.fixed(NOW, ZoneOffset.UTC));

    private OAuth2Authorization authorization() {
        Instant expires = NOW.plus(Duration.ofMinutes(10));
        return OAuth2Authorization.withRegisteredClient(client)
                .id("authz-1")
                .principalName("user-1")
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizedScopes(Set.of("orders:read"))
                .attribute(OAuth2ParameterNames.STATE, "state-1")
                .token(new OAuth2AuthorizationCode("code-1", NOW, NOW.plus(Duration.ofMinutes(5))))
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-1", NOW, expires,
                        Set.of("orders:read")))
                .refreshToken(new OAuth2RefreshToken("refresh-1", NOW, NOW.plus(Duration.ofDays(30))))
                .token(new OAuth2UserCode("user-code-1", NOW, expires))
                .token(new OAuth2DeviceCode("device-code-1", NOW, expires))
                .build();
    }

    @Test
    void anAuthorizationComesBackFromItsItemWithEveryTokenAndAttribute() {
        OAuth2Authorization original = authorization();

        OAuth2Authorization back = mapping.toAuthorization(mapping.toItem(original));

        assertThat(back.getId()).isEqualTo("authz-1");
        assertThat(back.getPrincipalName()).isEqualTo("user-1");
        assertThat(back.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.DEVICE_CODE);
        assertThat(back.getAuthorizedScopes()).containsExactly("orders:read");
        assertThat((String) back.getAttribute(OAuth2ParameterNames.STATE)).isEqualTo("state-1");
        assertThat(back.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue()).isEqualTo("code-1");
        assertThat(back.getAccessToken().getToken().getTokenValue()).isEqualTo("access-1");
        assertThat(back.getAccessToken().getToken().getScopes()).containsExactly("orders:read");
        assertThat(back.getAccessToken().getToken().getExpiresAt())
                .isEqualTo(original.getAccessToken().getToken().getExpiresAt());
        assertThat(back.getRefreshToken().getToken().getTokenValue()).isEqualTo("refresh-1");
        assertThat(back.getToken(OAuth2UserCode.class).getToken().getTokenValue()).isEqualTo("user-code-1");
        assertThat(back.getToken(OAuth2DeviceCode.class).getToken().getTokenValue()).isEqualTo("device-code-1");
        assertThat(back.getAccessToken().getMetadata()).isEqualTo(original.getAccessToken().getMetadata());
    }

    @Test
    void theItemCarriesEveryTokensHashAndNeverTheRefreshTokenItWasLoadedWith() {
        AuthorizationItem item = mapping.toItem(authorization());

        assertThat(item.getStateHash()).isEqualTo(TokenHashes.sha256("state-1"));
        assertThat(item.getCodeHash()).isEqualTo(TokenHashes.sha256("code-1"));
        assertThat(item.getAccessTokenHash()).isEqualTo(TokenHashes.sha256("access-1"));
        assertThat(item.getRefreshTokenHash()).isEqualTo(TokenHashes.sha256("refresh-1"));
        assertThat(item.getUserCodeHash()).isEqualTo(TokenHashes.sha256("user-code-1"));
        assertThat(item.getDeviceCodeHash()).isEqualTo(TokenHashes.sha256("device-code-1"));
        assertThat(item.getIdTokenHash()).isNull();

        // Read back, it knows the refresh token it was loaded with; written again, that stays in memory.
        OAuth2Authorization loaded = mapping.toAuthorization(item);
        assertThat((String) loaded.getAttribute(AuthorizationMapping.LOADED_REFRESH_TOKEN_HASH))
                .isEqualTo(TokenHashes.sha256("refresh-1"));
        assertThat(mapping.toItem(loaded).getAttributes())
                .doesNotContain(AuthorizationMapping.LOADED_REFRESH_TOKEN_HASH);
    }

    @Test
    void theItemExpiresAfterItsLastTokenOrAfterAnHourWithoutAny() {
        AuthorizationItem item = mapping.toItem(authorization());
        assertThat(item.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(5))
                .getEpochSecond());

        OAuth2Authorization pending = OAuth2Authorization.withRegisteredClient(client).id("authz-2")
                .principalName("user-1").authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .attribute(OAuth2ParameterNames.STATE, "state-2")
                .build();
        assertThat(mapping.toItem(pending).getExpiresAt())
                .isEqualTo(NOW.plus(1, ChronoUnit.HOURS).plus(Duration.ofMinutes(5)).getEpochSecond());
    }
}
