package dev.skyport.users.auth;

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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth2 authorizations in the {@code oauth2-authorizations} table, found by token through one GSI per token kind
 * (keyed by the token's SHA-256). Refresh tokens rotate: the replaced one is written to
 * {@code oauth2-retired-tokens}, and presenting a retired refresh token again revokes the whole authorization
 * (OAuth 2.0 Security BCP, refresh token replay detection).
 */
public class DynamoAuthorizationService implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(DynamoAuthorizationService.class);

    /** An authorization without any token yet (a pending consent) is kept this long. */
    private static final Duration PENDING_RETENTION = Duration.ofHours(1);

    /** TTL deletion is not immediate anyway; a little slack keeps expired-but-being-used items readable. */
    private static final Duration EXPIRY_SLACK = Duration.ofMinutes(5);

    /**
     * Carried in memory only (stripped before writing): the hash of the refresh token an authorization held when it
     * was read. SAS copies attributes into the authorization it saves after a rotation, so save() learns which
     * token the request actually presented.
     */
    private static final String LOADED_REFRESH_TOKEN_HASH = "skyport.loaded-refresh-token-hash";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final AuthTables tables;
    private final RegisteredClientRepository clients;
    private final Clock clock;
    private final JsonMapper json;

    public DynamoAuthorizationService(AuthTables tables, RegisteredClientRepository clients, Clock clock) {
        this.tables = tables;
        this.clients = clients;
        this.clock = clock;
        // The same mapper JdbcOAuth2AuthorizationService uses: Spring Security's allow-listed type information.
        this.json = JsonMapper.builder()
                .addModules(SecurityJacksonModules.getModules(DynamoAuthorizationService.class.getClassLoader()))
                .build();
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        AuthorizationItem item = toItem(authorization);
        AuthorizationItem stored = load(authorization.getId());
        // The refresh token this request started from (what it was loaded with), not what is stored now: when
        // two requests rotate the same token, the second must see its token as already retired.
        String previous = Optional.ofNullable((String) authorization.getAttribute(LOADED_REFRESH_TOKEN_HASH))
                .orElse(stored == null ? null : stored.getRefreshTokenHash());
        if (stored == null && authorization.getAttribute(LOADED_REFRESH_TOKEN_HASH) != null) {
            // It existed when this request read it and is gone now: revoked meanwhile (a replay elsewhere).
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
        }
        if (stored != null && previous != null && !previous.equals(item.getRefreshTokenHash())) {
            retire(previous, stored);
            // Written only over the very version that held the old token: if a concurrent replay revoked
            // (deleted) the authorization meanwhile, this rotation must not bring it back.
            try {
                tables.authorizations.putItem(PutItemEnhancedRequest.builder(AuthorizationItem.class).item(item)
                        .conditionExpression(Expression.builder()
                                .expression("refreshTokenHash = :previous")
                                .putExpressionValue(":previous", AttributeValue.fromS(previous))
                                .build())
                        .build());
            } catch (ConditionalCheckFailedException revokedMeanwhile) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
            }
            return;
        }
        tables.authorizations.putItem(item);
    }

    /**
     * Records the refresh token being replaced. Creating the marker is conditional, so of two requests that rotate
     * the same refresh token at once exactly one wins; the other is a replay.
     */
    private void retire(String refreshTokenHash, AuthorizationItem stored) {
        RetiredRefreshTokenItem retired = new RetiredRefreshTokenItem();
        retired.setTokenHash(refreshTokenHash);
        retired.setAuthorizationId(stored.getId());
        Instant expiresAt = Optional.ofNullable(stored.getRefreshToken()).map(TokenItem::getExpiresAt)
                .orElse(clock.instant().plus(PENDING_RETENTION));
        retired.setExpiresAt(expiresAt.plus(EXPIRY_SLACK).getEpochSecond());
        try {
            tables.retiredTokens.putItem(PutItemEnhancedRequest.builder(RetiredRefreshTokenItem.class)
                    .item(retired)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(tokenHash)").build())
                    .build());
        } catch (ConditionalCheckFailedException concurrentRotation) {
            revoke(stored.getId(), "refresh token rotated twice concurrently");
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        tables.authorizations.deleteItem(key(authorization.getId()));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return Optional.ofNullable(load(id)).map(this::toAuthorization).orElse(null);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String hash = TokenHashes.sha256(token);
        List<TokenKind> kinds = tokenType == null ? List.of(TokenKind.values())
                : TokenKind.of(tokenType.getValue()).map(List::of).orElse(List.of());
        for (TokenKind kind : kinds) {
            Optional<AuthorizationItem> found = tables.authorizations.index(kind.index)
                    .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(hash).build()))
                    .stream().flatMap(page -> page.items().stream())
                    .filter(item -> token.equals(kind.value(item)))
                    .findFirst();
            if (found.isPresent()) {
                return toAuthorization(found.get());
            }
        }
        if (kinds.contains(TokenKind.REFRESH_TOKEN)) {
            detectReplay(hash);
        }
        return null;
    }

    private void detectReplay(String refreshTokenHash) {
        RetiredRefreshTokenItem retired = tables.retiredTokens.getItem(
                GetItemEnhancedRequest.builder().key(key(refreshTokenHash)).consistentRead(true).build());
        if (retired != null) {
            revoke(retired.getAuthorizationId(), "a rotated refresh token was presented again");
        }
    }

    private void revoke(String authorizationId, String reason) {
        // Logged without any token: the authorization id is enough to follow up.
        log.warn("Revoking OAuth2 authorization {}: {}", authorizationId, reason);
        tables.authorizations.deleteItem(key(authorizationId));
    }

    private AuthorizationItem load(String id) {
        return tables.authorizations.getItem(
                GetItemEnhancedRequest.builder().key(key(id)).consistentRead(true).build());
    }

    private static Key key(String partitionValue) {
        return Key.builder().partitionValue(partitionValue).build();
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

    /** The token kinds SAS looks authorizations up by, with the GSI for each. */
    enum TokenKind {
        STATE(OAuth2ParameterNames.STATE, AuthorizationItem.BY_STATE_HASH),
        CODE(OAuth2ParameterNames.CODE, AuthorizationItem.BY_CODE_HASH),
        ACCESS_TOKEN(OAuth2TokenType.ACCESS_TOKEN.getValue(), AuthorizationItem.BY_ACCESS_TOKEN_HASH),
        REFRESH_TOKEN(OAuth2TokenType.REFRESH_TOKEN.getValue(), AuthorizationItem.BY_REFRESH_TOKEN_HASH),
        ID_TOKEN(OidcParameterNames.ID_TOKEN, AuthorizationItem.BY_ID_TOKEN_HASH),
        USER_CODE(OAuth2ParameterNames.USER_CODE, AuthorizationItem.BY_USER_CODE_HASH),
        DEVICE_CODE(OAuth2ParameterNames.DEVICE_CODE, AuthorizationItem.BY_DEVICE_CODE_HASH);

        final String type;
        final String index;

        TokenKind(String type, String index) {
            this.type = type;
            this.index = index;
        }

        static Optional<TokenKind> of(String type) {
            return Stream.of(values()).filter(k -> k.type.equals(type)).findFirst();
        }

        String value(AuthorizationItem item) {
            TokenItem token = switch (this) {
                case STATE -> null;
                case CODE -> item.getCode();
                case ACCESS_TOKEN -> item.getAccessToken();
                case REFRESH_TOKEN -> item.getRefreshToken();
                case ID_TOKEN -> item.getIdToken();
                case USER_CODE -> item.getUserCode();
                case DEVICE_CODE -> item.getDeviceCode();
            };
            return this == STATE ? item.getState() : token == null ? null : token.getValue();
        }

        void setHash(AuthorizationItem item, String hash) {
            switch (this) {
                case STATE -> item.setStateHash(hash);
                case CODE -> item.setCodeHash(hash);
                case ACCESS_TOKEN -> item.setAccessTokenHash(hash);
                case REFRESH_TOKEN -> item.setRefreshTokenHash(hash);
                case ID_TOKEN -> item.setIdTokenHash(hash);
                case USER_CODE -> item.setUserCodeHash(hash);
                case DEVICE_CODE -> item.setDeviceCodeHash(hash);
            }
        }
    }
}
