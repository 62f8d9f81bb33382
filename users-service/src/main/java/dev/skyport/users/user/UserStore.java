package dev.skyport.users.user;

import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.skyport.starter.data.ConcurrentModificationException;
import dev.skyport.starter.data.Condition;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.ItemNotFoundException;
import dev.skyport.starter.data.OptimisticLockException;
import dev.skyport.starter.data.QuerySpec;
import dev.skyport.starter.data.ScanSpec;
import dev.skyport.starter.data.TransactionFailedException;
import dev.skyport.starter.data.Transactions;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.pagination.Page;

/** The only class that touches the {@code users} and {@code user-emails} tables. */
@Component
public class UserStore {

    private static final int CONFLICT_RETRIES = 5;

    private final EntityTable<UserItem> users;
    private final EntityTable<UserEmailItem> emails;
    private final Transactions transactions;

    public UserStore(SkyportTables tables, Transactions transactions) {
        this.users = tables.table(UserItem.class);
        this.emails = tables.table(UserEmailItem.class);
        this.transactions = transactions;
    }

    EntityTable<UserItem> users() {
        return users;
    }

    Optional<UserItem> find(String userId) {
        return users.get(users.key(userId));
    }

    Optional<UserEmailItem> findGuard(String normalisedEmail) {
        return emails.get(emails.key(normalisedEmail));
    }

    /**
     * Writes the user and its e-mail guard in one transaction, both create-if-absent. Returns false when the e-mail
     * is taken. A transaction conflict (another sign-up for the same address in flight) is retried: the retry sees
     * the winner's guard and fails its condition.
     */
    boolean createWithEmailGuard(UserItem user) {
        UserEmailItem guard = new UserEmailItem(user.getEmail(), user.getUserId());
        for (int attempt = 1;; attempt++) {
            try {
                transactions.write(tx -> tx.create(users, user).create(emails, guard));
                return true;
            } catch (TransactionFailedException e) {
                if (e.conditionFailedOn(emails)) {
                    return false;
                }
                throw e;
            } catch (ConcurrentModificationException e) {
                if (attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /**
     * Writes the item if its stored version is still the item's version; empty when it moved on or the item is
     * gone. The answer carries the new version.
     */
    Optional<UserItem> updateIfUnchanged(UserItem item) {
        try {
            return Optional.of(users.update(item));
        } catch (OptimisticLockException | ItemNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the user (at the version read) and frees its e-mail in one transaction; false when either changed
     * in between.
     */
    boolean deleteWithEmailGuard(UserItem user) {
        try {
            transactions.write(tx -> tx
                    .delete(users, users.key(user.getUserId()), Condition.attribute("version").eq(user.getVersion()))
                    .delete(emails, emails.key(user.getEmail()), Condition.attribute("userId").eq(user.getUserId())));
            return true;
        } catch (TransactionFailedException | ConcurrentModificationException e) {
            return false;
        }
    }

    Page<UserItem> listByStatus(UserStatus status, int limit, String cursor) {
        return users.query(QuerySpec.partition(status.name()).index(UserItem.BY_STATUS).descending()
                .limit(limit).cursor(cursor).build());
    }

    Page<UserItem> listAll(int limit, String cursor) {
        return users.scan(ScanSpec.builder().limit(limit).cursor(cursor).build());
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(10L * attempt + (long) (Math.random() * 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}
