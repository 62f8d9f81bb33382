package dev.skyport.orders.order;

import dev.skyport.starter.dynamo.CreatedAt;
import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * One {@code Idempotency-Key} of one customer in the {@code idempotency-keys} table (partition key
 * {@code customerId#key}; gone 24 h after it was first used, by TTL). It is claimed before the order is
 * written and completed in the same transaction that writes the order, so "key completed" and "order
 * exists" are never apart.
 */
@DynamoDbBean
@SkyportTable(name = IdempotencyRecord.TABLE)
public class IdempotencyRecord {

    public static final String TABLE = "idempotency-keys";

    public enum State { IN_PROGRESS, COMPLETED }

    private String id;
    private String requestHash;
    private String state;
    private String claimToken;
    private Instant claimedAt;
    private String orderId;
    private String customerId;
    private String response;
    private Instant createdAt;
    private Long expiresAt;

    public static String idOf(String customerId, String key) {
        return customerId + "#" + key;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    /** SHA-256 of the request as parsed, so only a different body (not whitespace) is a different request. */
    public String getRequestHash() {
        return requestHash;
    }

    public void setRequestHash(String requestHash) {
        this.requestHash = requestHash;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public State state() {
        return State.valueOf(state);
    }

    /** Who holds an IN_PROGRESS claim: only that placement may complete or release it. */
    public String getClaimToken() {
        return claimToken;
    }

    public void setClaimToken(String claimToken) {
        this.claimToken = claimToken;
    }

    public Instant getClaimedAt() {
        return claimedAt;
    }

    public void setClaimedAt(Instant claimedAt) {
        this.claimedAt = claimedAt;
    }

    /** Chosen when the key is first claimed, so whoever finishes the placement writes that same order. */
    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    /** The first response's body (the order as created), replayed to every repeat. */
    public String getResponse() {
        return response;
    }

    public void setResponse(String response) {
        this.response = response;
    }

    @CreatedAt
    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
