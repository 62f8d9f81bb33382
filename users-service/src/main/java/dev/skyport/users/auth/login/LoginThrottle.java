package dev.skyport.users.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import dev.skyport.users.auth.AuthTables;
import dev.skyport.users.auth.AuthorizationServerProperties;
import dev.skyport.users.auth.TokenHashes;

/**
 * Brute-force protection for the login form, shared by replicas through the {@code login-attempts} table. Failures
 * are counted per (account, client address) and per client address within a window, the account by the e-mail typed
 * (whether or not it exists, so locking tells nothing about existence); reaching the limit locks that pair or that
 * address out, twice as long each time up to {@code maxLockout}. An account as such is never locked, so failures from
 * other addresses cannot keep its owner out: instead its failures from all addresses together slow every further
 * attempt on it down, growing up to {@code maxAccountDelay}, which the owner with the right password still gets past.
 * A successful login clears that pair's counter, not the address's or the account's.
 */
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_WRITE_ATTEMPTS = 5;
    private static final String ADDRESS = "address:";

    private final AuthTables tables;
    private final AuthorizationServerProperties.Login settings;
    private final Clock clock;

    public LoginThrottle(AuthTables tables, AuthorizationServerProperties properties, Clock clock) {
        this.tables = tables;
        this.settings = properties.login();
        this.clock = clock;
    }

    /** Whether this account from this address, or this address for any account, is currently locked out. */
    public boolean isLocked(String email, String address) {
        long now = clock.instant().getEpochSecond();
        return lockedUntil(pairSubject(email, address)) > now || lockedUntil(addressSubject(address)) > now;
    }

    /** How long an attempt on this account is held back: zero until its failures from all addresses pile up. */
    public Duration delayFor(String email) {
        LoginAttemptItem item = load(accountSubject(email));
        long now = clock.instant().getEpochSecond();
        if (item == null || item.getWindowStartedAt() == null
                || item.getWindowStartedAt() + settings.failureWindow().toSeconds() <= now) {
            return Duration.ZERO;
        }
        int excess = item.getFailures() - settings.accountDelayAfter();
        if (excess < 0) {
            return Duration.ZERO;
        }
        Duration delay = settings.firstAccountDelay().multipliedBy(1L << Math.min(excess, 20));
        return delay.compareTo(settings.maxAccountDelay()) > 0 ? settings.maxAccountDelay() : delay;
    }

    public void recordFailure(String email, String address) {
        recordFailure(pairSubject(email, address), settings.maxFailuresPerAccountAndAddress());
        recordFailure(addressSubject(address), settings.maxFailuresPerAddress());
        recordFailure(accountSubject(email), Integer.MAX_VALUE);
    }

    public void recordSuccess(String email, String address) {
        tables.loginAttempts().deleteItem(Key.builder().partitionValue(pairSubject(email, address)).build());
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
                // The subject names an address at most: the account part is a hash, and logs hold no e-mails.
                log.warn("Sign-in locked for {} for {}", subject.startsWith(ADDRESS) ? subject
                        : "an account from " + subject.substring(subject.lastIndexOf('|') + 1), lockout);
            }
            long keepUntil = Math.max(item.getLockedUntil() == null ? 0 : item.getLockedUntil(),
                    now + settings.failureWindow().toSeconds());
            // Lockout doubling is remembered for a while after the last lockout ends, then forgotten.
            item.setExpiresAt(keepUntil + settings.maxLockout().toSeconds());
            try {
                tables.loginAttempts().putItem(item);
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
        return tables.loginAttempts().getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(subject).build()).consistentRead(true).build());
    }

    /** The e-mail is hashed: the table then holds no list of addresses people tried. */
    static String accountSubject(String email) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return "account:" + TokenHashes.sha256(normalised);
    }

    static String pairSubject(String email, String address) {
        return accountSubject(email) + "|" + addressSubject(address);
    }

    static String addressSubject(String address) {
        return ADDRESS + (address == null ? "unknown" : address);
    }
}
