package dev.skyport.users.user;

import java.time.Instant;
import java.util.Set;

import dev.skyport.starter.dynamo.CreatedAt;
import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.UpdatedAt;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

/** An item of the {@code users} table (pk {@code userId}; GSI {@code by-status} on status + createdAt). */
@DynamoDbBean
@SkyportTable(name = "users")
public class UserItem {

    public static final String BY_STATUS = "by-status";

    private String userId;
    private String email;
    private String name;
    private String passwordHash;
    private Set<String> roles;
    private String status;
    private ShippingAddressItem defaultShippingAddress;
    private PreferencesItem preferences;
    private Instant createdAt;
    private Instant updatedAt;
    private Long version;

    public UserAccount toAccount() {
        return new UserAccount(userId, email, name, passwordHash, roles == null ? Set.of() : roles,
                UserStatus.valueOf(status));
    }

    @DynamoDbPartitionKey
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public Set<String> getRoles() {
        return roles;
    }

    public void setRoles(Set<String> roles) {
        this.roles = roles;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_STATUS)
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public ShippingAddressItem getDefaultShippingAddress() {
        return defaultShippingAddress;
    }

    public void setDefaultShippingAddress(ShippingAddressItem defaultShippingAddress) {
        this.defaultShippingAddress = defaultShippingAddress;
    }

    public PreferencesItem getPreferences() {
        return preferences;
    }

    public void setPreferences(PreferencesItem preferences) {
        this.preferences = preferences;
    }

    @CreatedAt
    @DynamoDbSecondarySortKey(indexNames = BY_STATUS)
    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    @UpdatedAt
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
