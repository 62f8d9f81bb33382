package dev.skyport.users.auth.login;

import java.time.Instant;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A browser session (login page → authorization code), item of {@code web-sessions}, TTL {@code expiresAt}. */
@DynamoDbBean
@SkyportTable(name = SessionItem.TABLE)
public class SessionItem {

    public static final String TABLE = "web-sessions";

    private String id;
    private SdkBytes attributes;
    private Instant creationTime;
    private Instant lastAccessedTime;
    private Long maxInactiveSeconds;
    private Long expiresAt;

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public SdkBytes getAttributes() {
        return attributes;
    }

    public void setAttributes(SdkBytes attributes) {
        this.attributes = attributes;
    }

    public Instant getCreationTime() {
        return creationTime;
    }

    public void setCreationTime(Instant creationTime) {
        this.creationTime = creationTime;
    }

    public Instant getLastAccessedTime() {
        return lastAccessedTime;
    }

    public void setLastAccessedTime(Instant lastAccessedTime) {
        this.lastAccessedTime = lastAccessedTime;
    }

    public Long getMaxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    public void setMaxInactiveSeconds(Long maxInactiveSeconds) {
        this.maxInactiveSeconds = maxInactiveSeconds;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
