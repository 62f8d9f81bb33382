package dev.skyport.users.auth.authorizations;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * Marks a refresh token that was rotated away (item of {@code oauth2-retired-tokens}, pk the token's SHA-256,
 * TTL when the token would have expired): presenting it again is a replay and revokes its authorization.
 */
@DynamoDbBean
@SkyportTable(name = RetiredRefreshTokenItem.TABLE)
public class RetiredRefreshTokenItem {

    public static final String TABLE = "oauth2-retired-tokens";

    private String tokenHash;
    private String authorizationId;
    private Long expiresAt;

    @DynamoDbPartitionKey
    public String getTokenHash() {
        return tokenHash;
    }

    public void setTokenHash(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    public String getAuthorizationId() {
        return authorizationId;
    }

    public void setAuthorizationId(String authorizationId) {
        this.authorizationId = authorizationId;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
