package dev.skyport.users.user;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The only class that touches the {@code users} and {@code user-emails} tables. */
@Component
public class UserStore {

    private static final int CONFLICT_RETRIES = 5;

    private final DynamoDbEnhancedClient enhancedClient;
    private final DynamoDbTable<UserItem> users;
    private final DynamoDbTable<UserEmailItem> emails;

    public UserStore(DynamoDbEnhancedClient enhancedClient,
            @Value("${skyport.dynamodb.table-prefix:local-}") String tablePrefix) {
        this.enhancedClient = enhancedClient;
        this.users = enhancedClient.table(tablePrefix + "users", TableSchema.fromBean(UserItem.class));
        this.emails = enhancedClient.table(tablePrefix + "user-emails", TableSchema.fromBean(UserEmailItem.class));
    }

    DynamoDbTable<UserItem> users() {
        return users;
    }

    DynamoDbTable<UserEmailItem> emails() {
        return emails;
    }

    Optional<UserItem> find(String userId) {
        return Optional.ofNullable(users.getItem(Key.builder().partitionValue(userId).build()));
    }

    Optional<UserEmailItem> findGuard(String normalisedEmail) {
        return Optional.ofNullable(emails.getItem(Key.builder().partitionValue(normalisedEmail).build()));
    }

    /**
     * Writes the user and its e-mail guard in one transaction, both conditioned on absence. Returns false when the
     * e-mail is taken. A transaction conflict (another sign-up for the same address in flight) is retried: the
     * retry sees the winner's guard and fails its condition.
     */
    boolean createWithEmailGuard(UserItem user) {
        UserEmailItem guard = new UserEmailItem(user.getEmail(), user.getUserId());
        for (int attempt = 1;; attempt++) {
            try {
                enhancedClient.transactWriteItems(tx -> tx
                        .addPutItem(users, TransactPutItemEnhancedRequest.builder(UserItem.class).item(user)
                                .conditionExpression(notExists("userId")).build())
                        .addPutItem(emails, TransactPutItemEnhancedRequest.builder(UserEmailItem.class).item(guard)
                                .conditionExpression(notExists("email")).build()));
                return true;
            } catch (TransactionCanceledException e) {
                if (conditionFailed(e)) {
                    user.setVersion(null);
                    return false;
                }
                user.setVersion(null);
                if (attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** Writes the item if the stored version is still {@code expectedVersion}; empty when it is not (or is gone). */
    Optional<UserItem> updateIfVersion(UserItem item, long expectedVersion) {
        item.setVersion(expectedVersion);
        try {
            // The versioned-record extension adds "version = expectedVersion" and increments it.
            users.putItem(r -> r.item(item).conditionExpression(exists("userId")));
            item.setVersion(expectedVersion + 1);
            return Optional.of(item);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Deletes the user and frees its e-mail in one transaction; false when the user (at that version) is gone. */
    boolean deleteWithEmailGuard(UserItem user) {
        try {
            enhancedClient.transactWriteItems(tx -> tx
                    .addDeleteItem(users, TransactDeleteItemEnhancedRequest.builder()
                            .key(Key.builder().partitionValue(user.getUserId()).build())
                            .conditionExpression(Expression.builder().expression("#v = :v")
                                    .putExpressionName("#v", "version")
                                    .putExpressionValue(":v", AttributeValue.fromN(user.getVersion().toString()))
                                    .build())
                            .build())
                    .addDeleteItem(emails, TransactDeleteItemEnhancedRequest.builder()
                            .key(Key.builder().partitionValue(user.getEmail()).build())
                            .conditionExpression(Expression.builder().expression("#u = :u")
                                    .putExpressionName("#u", "userId")
                                    .putExpressionValue(":u", AttributeValue.fromS(user.getUserId()))
                                    .build())
                            .build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .map(CancellationReason::code)
                .anyMatch("ConditionalCheckFailed"::equals);
    }

    private static Expression notExists(String attribute) {
        return Expression.builder().expression("attribute_not_exists(#a)").putExpressionName("#a", attribute).build();
    }

    private static Expression exists(String attribute) {
        return Expression.builder().expression("attribute_exists(#a)").putExpressionName("#a", attribute).build();
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
