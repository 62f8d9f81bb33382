package dev.skyport.users.user;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates accounts. The e-mail's uniqueness is enforced by DynamoDB, not by a read before the write: the user item
 * and its {@code user-emails} guard are written in one transaction conditioned on the guard's absence, so of any
 * number of concurrent sign-ups for one address exactly one creates an account. A sign-up for a taken address
 * does the same work (hashing, one transaction) and gets the same answer as a successful one.
 */
@Service
public class UserRegistration {

    private static final Logger log = LoggerFactory.getLogger(UserRegistration.class);

    private final UserStore store;
    private final PasswordEncoder passwordEncoder;

    public UserRegistration(UserStore store, PasswordEncoder passwordEncoder) {
        this.store = store;
        this.passwordEncoder = passwordEncoder;
    }

    /** Signs up; the answer does not depend on whether the e-mail was free. Input is already validated. */
    public SignUpAccepted signUp(SignUpRequest request) {
        String email = UserDirectory.normaliseEmail(request.email());
        register(email, request.password(), request.name().strip(), Set.of(Roles.USER));
        return SignUpAccepted.forEmail(email);
    }

    /** Whether the (normalised) e-mail has an account; for the local seed, never for public answers. */
    boolean isRegistered(String normalisedEmail) {
        return store.findGuard(normalisedEmail).isPresent();
    }

    /**
     * Registers an account unless the e-mail is taken; returns whether it created one. Callers facing the public
     * must not reveal the result.
     */
    boolean register(String email, String rawPassword, String name, Set<String> roles) {
        Instant now = Instant.now();
        UserItem user = new UserItem();
        user.setUserId(UUID.randomUUID().toString());
        user.setEmail(email);
        user.setName(name);
        user.setPasswordHash(passwordEncoder.encode(rawPassword));
        user.setRoles(Set.copyOf(roles));
        user.setStatus(UserStatus.ACTIVE.name());
        user.setCreatedAt(now);
        user.setUpdatedAt(now);
        boolean created = store.createWithEmailGuard(user);
        if (created) {
            log.info("user.created userId={}", user.getUserId());
        } else {
            // No e-mail in the log line either: logs are read by more people than the user table.
            log.info("user.signup.duplicate");
        }
        return created;
    }
}
