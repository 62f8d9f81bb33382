package dev.skyport.users.user;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.skyport.starter.pagination.Page;
import dev.skyport.starter.pagination.PageRequest;

/**
 * What administrators do to accounts: list them (by status through the {@code by-status} index, newest first,
 * or all of them), disable, enable and delete. Delete frees the e-mail in the same transaction.
 */
@Service
public class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    private final UserStore store;

    public UserAdministration(UserStore store) {
        this.store = store;
    }

    public UserPage list(UserStatus status, PageRequest page) {
        Page<UserItem> items = status == null ? store.listAll(page.limit(), page.cursor())
                : store.listByStatus(status, page.limit(), page.cursor());
        return new UserPage(items.items().stream().map(UserSummary::of).toList(), items.nextCursor());
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
            Optional<UserItem> saved = store.updateIfUnchanged(user);
            if (saved.isPresent()) {
                log.info("user.status.changed userId={} status={}", userId, status);
                return UserSummary.of(saved.get());
            }
        }
        throw UserProblems.conflict("concurrent-update", "Concurrent update",
                "The user kept changing while its status was being set; try again.");
    }
}
