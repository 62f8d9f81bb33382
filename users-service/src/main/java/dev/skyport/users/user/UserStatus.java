package dev.skyport.users.user;

/** Whether an account may sign in. A disabled account keeps its e-mail reserved until it is deleted. */
public enum UserStatus {
    ACTIVE,
    DISABLED
}
