package dev.skyport.users.auth.authorizations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.skyport.users.auth.TokenHashes;

/**
 * Maps an {@link OAuth2Authorization} to the {@link AuthorizationItem} (with its {@link TokenItem}s and token
 * hashes) that {@link DynamoAuthorizationService} stores, and back.
 */
final class AuthorizationMapping {

    /** An authorization without any token yet (a pending consent) is kept this long. */
    static final Duration PENDING_RETENTION = Duration.ofHours(1);

    /** TTL deletion is not immediate anyway; a little slack keeps expired-but-being-used items readable. */
    static final Duration EXPIRY_SLACK = Duration.ofMinutes(5);

    /**
     * Carried in memory only (stripped before writing): the hash of the refresh token an authorization held when it
     * was read. SAS copies attributes into the authorization it saves after a rotation, so save() learns which
     * token the request actually presented.
     */
    static final String LOADED_REFRESH_TOKEN_HASH = "skyport.loaded-refresh-token-hash";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final RegisteredClientRepository clients;
    private final Clock clock;
    private final JsonMapper json;

    AuthorizationMapping(RegisteredClientRepository clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
        // The same mapper JdbcOAuth2AuthorizationService uses: Spring Security's allow-listed type information.
        this.json = JsonMapper.builder()
                .addModules(SecurityJacksonModules.getModules(AuthorizationMapping.class.getClassLoader()))
                .build();
    }

    AuthorizationItem toItem(OAuth2Authorization authorization) {
        AuthorizationItem item = new AuthorizationItem();
        item.setId(authorization.getId());
        item.setRegisteredClientId(authorization.getRegisteredClientId());
        item.setPrincipalName(authorization.getPrincipalName());
        item.setGrantType(authorization.getAuthorizationGrantType().getValue());
        item.setAuthorizedScopes(new ArrayList<>(authorization.getAuthorizedScopes()));
        Map<String, Object> attributes = new LinkedHashMap<>(authorization.getAttributes());
        attributes.remove(LOADED_REFRESH_TOKEN_HASH);
        item.setAttributes(json.writeValueAsString(attributes));
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        item.setState(state);
        item.setStateHash(TokenHashes.sha256(state));

        item.setCode(tokenItem(authorization.getToken(OAuth2AuthorizationCode.class)));
        item.setAccessToken(tokenItem(authorization.getAccessToken()));
        if (authorization.getAccessToken() != null) {
            OAuth2AccessToken accessToken = authorization.getAccessToken().getToken();
            item.getAccessToken().setTokenType(accessToken.getTokenType().getValue());
            item.getAccessToken().setScopes(new ArrayList<>(accessToken.getScopes()));
        }
        item.setRefreshToken(tokenItem(authorization.getRefreshToken()));
        item.setIdToken(tokenItem(authorization.getToken(OidcIdToken.class)));
        item.setUserCode(tokenItem(authorization.getToken(OAuth2UserCode.class)));
        item.setDeviceCode(tokenItem(authorization.getToken(OAuth2DeviceCode.class)));
        for (TokenKind kind : TokenKind.values()) {
            kind.setHash(item, TokenHashes.sha256(kind.value(item)));
        }

        Instant expiresAt = Stream.of(item.getCode(), item.getAccessToken(), item.getRefreshToken(), item.getIdToken(),
                        item.getUserCode(), item.getDeviceCode())
                .filter(Objects::nonNull).map(TokenItem::getExpiresAt).filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(clock.instant().plus(PENDING_RETENTION));
        item.setExpiresAt(expiresAt.plus(EXPIRY_SLACK).getEpochSecond());
        return item;
    }

    private TokenItem tokenItem(OAuth2Authorization.Token<? extends OAuth2Token> token) {
        if (token == null) {
            return null;
        }
        TokenItem item = new TokenItem();
        item.setValue(token.getToken().getTokenValue());
        item.setIssuedAt(token.getToken().getIssuedAt());
        item.setExpiresAt(token.getToken().getExpiresAt());
        item.setMetadata(json.writeValueAsString(token.getMetadata()));
        return item;
    }

    OAuth2Authorization toAuthorization(AuthorizationItem item) {
        RegisteredClient client = clients.findById(item.getRegisteredClientId());
        if (client == null) {
            throw new IllegalStateException("The registered client of authorization " + item.getId()
                    + " was not found");
        }
        OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
                .id(item.getId())
                .principalName(item.getPrincipalName())
                .authorizationGrantType(new AuthorizationGrantType(item.getGrantType()))
                .authorizedScopes(Set.copyOf(Optional.ofNullable(item.getAuthorizedScopes()).orElse(List.of())))
                .attributes(attributes -> attributes.putAll(readMap(item.getAttributes())));
        if (item.getState() != null) {
            builder.attribute(OAuth2ParameterNames.STATE, item.getState());
        }
        if (item.getRefreshTokenHash() != null) {
            builder.attribute(LOADED_REFRESH_TOKEN_HASH, item.getRefreshTokenHash());
        }
        addToken(builder, item.getCode(), t -> new OAuth2AuthorizationCode(t.getValue(), t.getIssuedAt(), t.getExpiresAt()));
        addToken(builder, item.getAccessToken(), t -> new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                t.getValue(), t.getIssuedAt(), t.getExpiresAt(),
                Set.copyOf(Optional.ofNullable(t.getScopes()).orElse(List.of()))));
        addToken(builder, item.getRefreshToken(), t -> new OAuth2RefreshToken(t.getValue(), t.getIssuedAt(), t.getExpiresAt()));
        addToken(builder, item.getIdToken(), t -> new OidcIdToken(t.getValue(), t.getIssuedAt(), t.getExpiresAt(),
                claims(t)));
        addToken(builder, item.getUserCode(), t -> new OAuth2UserCode(t.getValue(), t.getIssuedAt(), t.getExpiresAt()));
        addToken(builder, item.getDeviceCode(), t -> new OAuth2DeviceCode(t.getValue(), t.getIssuedAt(), t.getExpiresAt()));
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> claims(TokenItem token) {
        Object claims = readMap(token.getMetadata()).get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
        return claims instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private <T extends OAuth2Token> void addToken(OAuth2Authorization.Builder builder, TokenItem token,
            Function<TokenItem, T> factory) {
        if (token != null && token.getValue() != null) {
            Map<String, Object> metadata = readMap(token.getMetadata());
            builder.token(factory.apply(token), m -> m.putAll(metadata));
        }
    }

    private Map<String, Object> readMap(String value) {
        return value == null ? new LinkedHashMap<>() : json.readValue(value, MAP);
    }
}
