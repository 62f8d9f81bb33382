package dev.skyport.users.user;

import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Read side of the user directory used by the authorization server: look a user up by e-mail (through the
 * {@code user-emails} guard item) or by id.
 */
@Component
public class UserDirectory {

    private final UserStore store;

    public UserDirectory(UserStore store) {
        this.store = store;
    }

    /** The account owning this e-mail (compared case-insensitively), if any. */
    public Optional<UserAccount> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return store.findGuard(normaliseEmail(email)).flatMap(guard -> findById(guard.getUserId()));
    }

    public Optional<UserAccount> findById(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return store.find(id).map(UserItem::toAccount);
    }

    /** E-mails are unique regardless of case: the guard's key is the trimmed, lower-cased address. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
