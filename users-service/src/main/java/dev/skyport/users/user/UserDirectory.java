package dev.skyport.users.user;

import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Read side of the user directory used by the authorization server: look a user up by e-mail (through the
 * {@code user-emails} guard item) or by id.
 */
@Component
public class UserDirectory {

    private final DynamoDbTable<UserItem> users;
    private final DynamoDbTable<UserEmailItem> emails;

    public UserDirectory(DynamoDbEnhancedClient enhancedClient,
            @Value("${skyport.dynamodb.table-prefix:local-}") String tablePrefix) {
        this.users = enhancedClient.table(tablePrefix + "users", TableSchema.fromBean(UserItem.class));
        this.emails = enhancedClient.table(tablePrefix + "user-emails", TableSchema.fromBean(UserEmailItem.class));
    }

    /** The account owning this e-mail (compared case-insensitively), if any. */
    public Optional<UserAccount> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        UserEmailItem guard = emails.getItem(Key.builder().partitionValue(normaliseEmail(email)).build());
        return guard == null ? Optional.empty() : findById(guard.getUserId());
    }

    public Optional<UserAccount> findById(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(users.getItem(Key.builder().partitionValue(id).build())).map(UserItem::toAccount);
    }

    /** E-mails are unique regardless of case: the guard's key is the trimmed, lower-cased address. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
