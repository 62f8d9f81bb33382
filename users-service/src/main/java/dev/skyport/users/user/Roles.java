package dev.skyport.users.user;

/** The roles a user can hold; they become {@code ROLE_*} authorities through the token's {@code roles} claim. */
public final class Roles {

    public static final String USER = "USER";
    public static final String ADMIN = "ADMIN";

    private Roles() {
    }
}
