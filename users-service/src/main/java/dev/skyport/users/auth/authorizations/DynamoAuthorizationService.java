package dev.skyport.users.auth.authorizations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import dev.skyport.users.auth.AuthTables;
import dev.skyport.users.auth.TokenHashes;

/**
 * OAuth2 authorizations in the {@code oauth2-authorizations} table, found by token through one GSI per token kind
 * (keyed by the token's SHA-256). Refresh tokens rotate: the replaced one is written to
 * {@code oauth2-retired-tokens}, and presenting a retired refresh token again revokes the whole authorization
 * (OAuth 2.0 Security BCP, refresh token replay detection). {@link AuthorizationMapping} turns authorizations
 * into items and back.
 */
public class DynamoAuthorizationService implements OAuth2AuthorizationService {

    private static final Logger log = LoggerFactory.getLogger(DynamoAuthorizationService.class);

    private final AuthTables tables;
    private final AuthorizationMapping mapping;
    private final Clock clock;

    public DynamoAuthorizationService(AuthTables tables, RegisteredClientRepository clients, Clock clock) {
        this.tables = tables;
        this.mapping = new AuthorizationMapping(clients, clock);
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        AuthorizationItem item = mapping.toItem(authorization);
        AuthorizationItem stored = load(authorization.getId());
        // The refresh token this request started from (what it was loaded with), not what is stored now: when
        // two requests rotate the same token, the second must see its token as already retired.
        String loaded = authorization.getAttribute(AuthorizationMapping.LOADED_REFRESH_TOKEN_HASH);
        String previous = Optional.ofNullable(loaded)
                .orElse(stored == null ? null : stored.getRefreshTokenHash());
        if (stored == null && loaded != null) {
            // It existed when this request read it and is gone now: revoked meanwhile (a replay elsewhere).
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
        }
        if (stored != null && previous != null && !previous.equals(item.getRefreshTokenHash())) {
            retire(previous, stored);
            // Written only over the very version that held the old token: if a concurrent replay revoked
            // (deleted) the authorization meanwhile, this rotation must not bring it back.
            try {
                tables.authorizations().putItem(PutItemEnhancedRequest.builder(AuthorizationItem.class).item(item)
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
        tables.authorizations().putItem(item);
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
                .orElse(clock.instant().plus(AuthorizationMapping.PENDING_RETENTION));
        retired.setExpiresAt(expiresAt.plus(AuthorizationMapping.EXPIRY_SLACK).getEpochSecond());
        try {
            tables.retiredTokens().putItem(PutItemEnhancedRequest.builder(RetiredRefreshTokenItem.class)
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
        tables.authorizations().deleteItem(key(authorization.getId()));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return Optional.ofNullable(load(id)).map(mapping::toAuthorization).orElse(null);
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
            Optional<AuthorizationItem> found = tables.authorizations().index(kind.index)
                    .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(hash).build()))
                    .stream().flatMap(page -> page.items().stream())
                    .filter(item -> token.equals(kind.value(item)))
                    .findFirst();
            if (found.isPresent()) {
                return mapping.toAuthorization(found.get());
            }
        }
        if (kinds.contains(TokenKind.REFRESH_TOKEN)) {
            detectReplay(hash);
        }
        return null;
    }

    private void detectReplay(String refreshTokenHash) {
        RetiredRefreshTokenItem retired = tables.retiredTokens().getItem(
                GetItemEnhancedRequest.builder().key(key(refreshTokenHash)).consistentRead(true).build());
        if (retired != null) {
            revoke(retired.getAuthorizationId(), "a rotated refresh token was presented again");
        }
    }

    private void revoke(String authorizationId, String reason) {
        // Logged without any token: the authorization id is enough to follow up.
        log.warn("Revoking OAuth2 authorization {}: {}", authorizationId, reason);
        tables.authorizations().deleteItem(key(authorizationId));
    }

    private AuthorizationItem load(String id) {
        return tables.authorizations().getItem(
                GetItemEnhancedRequest.builder().key(key(id)).consistentRead(true).build());
    }

    private static Key key(String partitionValue) {
        return Key.builder().partitionValue(partitionValue).build();
    }
}
