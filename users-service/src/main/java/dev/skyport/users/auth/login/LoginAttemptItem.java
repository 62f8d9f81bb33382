package dev.skyport.users.auth.login;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * Failed sign-ins of one account or one client address (item of {@code login-attempts}, pk {@code subject}),
 * shared by replicas; TTL {@code expiresAt} drops it once it no longer matters.
 */
@DynamoDbBean
@SkyportTable(name = LoginAttemptItem.TABLE)
public class LoginAttemptItem {

    public static final String TABLE = "login-attempts";

    private String subject;
    private Integer failures;
    private Long windowStartedAt;
    private Long lockedUntil;
    private Integer lockouts;
    private Long expiresAt;
    private Long version;

    @DynamoDbPartitionKey
    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public Integer getFailures() {
        return failures;
    }

    public void setFailures(Integer failures) {
        this.failures = failures;
    }

    public Long getWindowStartedAt() {
        return windowStartedAt;
    }

    public void setWindowStartedAt(Long windowStartedAt) {
        this.windowStartedAt = windowStartedAt;
    }

    public Long getLockedUntil() {
        return lockedUntil;
    }

    public void setLockedUntil(Long lockedUntil) {
        this.lockedUntil = lockedUntil;
    }

    public Integer getLockouts() {
        return lockouts;
    }

    public void setLockouts(Integer lockouts) {
        this.lockouts = lockouts;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
