package dev.skyport.users.user;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What administrators do to accounts: list them (by status through the {@code by-status} index, newest first,
 * or all of them), disable, enable and delete. Delete frees the e-mail in the same transaction.
 */
@Service
public class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    private final UserStore store;
    private final UserCursors cursors;

    public UserAdministration(UserStore store, UserCursors cursors) {
        this.store = store;
        this.cursors = cursors;
    }

    public UserPage list(UserStatus status, int limit, String cursor) {
        String binding = status == null ? "users:all" : "users:status:" + status.name();
        Map<String, AttributeValue> start = cursor == null || cursor.isBlank() ? null : cursors.decode(cursor, binding);
        Page<UserItem> page;
        if (status == null) {
            page = store.users().scan(ScanEnhancedRequest.builder().limit(limit).exclusiveStartKey(start).build())
                    .iterator().next();
        } else {
            page = store.users().index(UserItem.BY_STATUS).query(QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(status.name()).build()))
                    .scanIndexForward(false)
                    .limit(limit)
                    .exclusiveStartKey(start)
                    .build()).iterator().next();
        }
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        return new UserPage(page.items().stream().map(UserSummary::of).toList(),
                last == null || last.isEmpty() ? null : cursors.encode(last, binding));
    }

    public UserSummary disable(String userId, String actingUserId) {
        if (userId.equals(actingUserId)) {
            throw UserProblems.conflict("cannot-disable-self", "Cannot disable yourself",
                    "An administrator cannot disable their own account; ask another administrator.");
        }
        return setStatus(userId, UserStatus.DISABLED);
    }

    public UserSummary enable(String userId) {
        return setStatus(userId, UserStatus.ACTIVE);
    }

    public void delete(String userId, String actingUserId) {
        if (userId.equals(actingUserId)) {
            throw UserProblems.conflict("cannot-delete-self", "Cannot delete yourself",
                    "An administrator cannot delete their own account; ask another administrator.");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            UserItem user = store.find(userId).orElseThrow(UserProblems::userNotFound);
            if (store.deleteWithEmailGuard(user)) {
                log.info("user.deleted userId={}", userId);
                return;
            }
            // Changed between read and delete (e.g. a profile update): read again and retry.
        }
        throw UserProblems.conflict("concurrent-update", "Concurrent update",
                "The user kept changing while being deleted; try again.");
    }

    /** Idempotent: setting the status it already has answers the user unchanged. */
    private UserSummary setStatus(String userId, UserStatus status) {
        for (int attempt = 0; attempt < 3; attempt++) {
            UserItem user = store.find(userId).orElseThrow(UserProblems::userNotFound);
            if (status.name().equals(user.getStatus())) {
                return UserSummary.of(user);
            }
            user.setStatus(status.name());
            user.setUpdatedAt(Instant.now());
            Optional<UserItem> saved = store.updateIfVersion(user, user.getVersion());
            if (saved.isPresent()) {
                log.info("user.status.changed userId={} status={}", userId, status);
                return UserSummary.of(saved.get());
            }
        }
        throw UserProblems.conflict("concurrent-update", "Concurrent update",
                "The user kept changing while its status was being set; try again.");
    }
}
