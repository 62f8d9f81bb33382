package dev.skyport.users.auth.keys;

import java.time.Instant;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * An RSA signing key, item of {@code signing-keys} (pk {@code keyId}). It signs from {@code activatesAt} until the
 * next key activates, and is dropped (TTL {@code expiresAt}) once every token it signed has expired.
 */
@DynamoDbBean
@SkyportTable(name = SigningKeyItem.TABLE)
public class SigningKeyItem {

    public static final String TABLE = "signing-keys";

    private String keyId;
    private String algorithm;
    private String publicKey;
    private String privateKey;
    private Instant createdAt;
    private Instant activatesAt;
    private Long expiresAt;

    @DynamoDbPartitionKey
    public String getKeyId() {
        return keyId;
    }

    public void setKeyId(String keyId) {
        this.keyId = keyId;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public void setAlgorithm(String algorithm) {
        this.algorithm = algorithm;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public void setPublicKey(String publicKey) {
        this.publicKey = publicKey;
    }

    public String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    public Instant getActivatesAt() {
        return activatesAt;
    }

    public void setActivatesAt(Instant activatesAt) {
        this.activatesAt = activatesAt;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
