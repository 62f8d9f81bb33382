package dev.skyport.users.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Brute-force protection for the login form, shared by replicas through the {@code login-attempts} table.
 * Failures are counted per account (by the e-mail typed, whether or not it exists, so locking tells nothing about
 * existence) and per client address within a window; reaching the limit locks that subject out, twice as long
 * each time up to {@code maxLockout}. A successful login clears the account's counter, not the address's.
 */
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_WRITE_ATTEMPTS = 5;

    private final AuthTables tables;
    private final AuthorizationServerProperties.Login settings;
    private final Clock clock;

    public LoginThrottle(AuthTables tables, AuthorizationServerProperties properties, Clock clock) {
        this.tables = tables;
        this.settings = properties.login();
        this.clock = clock;
    }

    /** Whether either subject is currently locked out. */
    public boolean isLocked(String email, String address) {
        long now = clock.instant().getEpochSecond();
        return lockedUntil(accountSubject(email)) > now || (address != null && lockedUntil(addressSubject(address)) > now);
    }

    public void recordFailure(String email, String address) {
        recordFailure(accountSubject(email), settings.maxFailuresPerAccount());
        if (address != null) {
            recordFailure(addressSubject(address), settings.maxFailuresPerAddress());
        }
    }

    public void recordSuccess(String email) {
        tables.loginAttempts.deleteItem(Key.builder().partitionValue(accountSubject(email)).build());
    }

    private long lockedUntil(String subject) {
        LoginAttemptItem item = load(subject);
        return item == null || item.getLockedUntil() == null ? 0 : item.getLockedUntil();
    }

    private void recordFailure(String subject, int maxFailures) {
        // Read-modify-write under the item's version: concurrent failures from two replicas all count.
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            long now = clock.instant().getEpochSecond();
            LoginAttemptItem item = load(subject);
            if (item == null) {
                item = new LoginAttemptItem();
                item.setSubject(subject);
                item.setLockouts(0);
            }
            if (item.getWindowStartedAt() == null || item.getWindowStartedAt() + settings.failureWindow().toSeconds() <= now) {
                item.setWindowStartedAt(now);
                item.setFailures(0);
            }
            item.setFailures(item.getFailures() + 1);
            if (item.getFailures() >= maxFailures) {
                Duration lockout = lockout(item.getLockouts());
                item.setLockedUntil(now + lockout.toSeconds());
                item.setLockouts(item.getLockouts() + 1);
                item.setFailures(0);
                item.setWindowStartedAt(now);
                log.warn("Sign-in locked for {} for {}", subject.startsWith("address:") ? subject : "an account", lockout);
            }
            long keepUntil = Math.max(item.getLockedUntil() == null ? 0 : item.getLockedUntil(),
                    now + settings.failureWindow().toSeconds());
            // Lockout doubling is remembered for a while after the last lockout ends, then forgotten.
            item.setExpiresAt(keepUntil + settings.maxLockout().toSeconds());
            try {
                tables.loginAttempts.putItem(item);
                return;
            } catch (ConditionalCheckFailedException concurrentUpdate) {
                // Another failure was recorded meanwhile: read again and count on top of it.
            }
        }
    }

    private Duration lockout(int previousLockouts) {
        Duration lockout = settings.firstLockout().multipliedBy(1L << Math.min(previousLockouts, 20));
        return lockout.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : lockout;
    }

    private LoginAttemptItem load(String subject) {
        return tables.loginAttempts.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(subject).build()).consistentRead(true).build());
    }

    /** The e-mail is hashed: the table then holds no list of addresses people tried. */
    static String accountSubject(String email) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return "account:" + TokenHashes.sha256(normalised);
    }

    static String addressSubject(String address) {
        return "address:" + address;
    }
}
