package dev.skyport.users.user;

import java.util.Set;

/**
 * What the authorization server needs to know about a user to sign them in and to fill a token:
 * id ({@code sub}), e-mail, display name, the stored password hash (with its {@code {id}} prefix),
 * roles ({@code USER}, {@code ADMIN}) and status.
 */
public record UserAccount(String id, String email, String name, String passwordHash, Set<String> roles,
        UserStatus status) {

    public UserAccount {
        roles = Set.copyOf(roles);
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    @Override
    public String toString() {
        // Never print the hash, even by accident in a log line.
        return "UserAccount[id=" + id + ", email=" + email + ", roles=" + roles + ", status=" + status + "]";
    }
}
