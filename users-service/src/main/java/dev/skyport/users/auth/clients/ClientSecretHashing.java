package dev.skyport.users.auth.clients;

import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;

/**
 * How registered clients' secrets are hashed: apart from users' passwords (Argon2id, {@code PasswordHashing}).
 * <p>
 * A client secret is a high-entropy machine secret (the shipped client's is meant to be a random 256-bit value),
 * not something a person chose, so a memory-hard, deliberately slow hash protects nothing more: guessing it is
 * infeasible however fast one hash is. It is checked on every token, introspection and revocation request, where
 * Argon2id (16 MiB, 2 passes) capped the client-credentials grant at a few tokens per second on two cores. Secrets
 * are therefore hashed with salted PBKDF2-HMAC-SHA256 at a modest {@value #ITERATIONS} iterations (well under a
 * millisecond; enough to slow down a dictionary attack on a weak, human-chosen secret such as the local default
 * without mattering per request).
 * <p>
 * Behind a {@link DelegatingPasswordEncoder}: the id {@value #DEFAULT_ID} names the parameters because
 * {@link Pbkdf2PasswordEncoder} does not record them in the hash, so a later change gets a new id and old hashes
 * keep verifying. Secrets stored before this ({@code {argon2}}, {@code {bcrypt}}) still verify and count as needing
 * an upgrade: Spring Authorization Server re-hashes and saves a client after a successful authentication when
 * {@link PasswordEncoder#upgradeEncoding} says so, and {@link ConfiguredClients} does at start-up.
 * <p>
 * Deliberately not a {@link PasswordEncoder} bean: the user directory's sign-in and sign-up, and SAS's defaults,
 * look the single {@code PasswordEncoder} bean up by type, and that must stay the Argon2id one for passwords.
 */
public final class ClientSecretHashing {

    static final int ITERATIONS = 1000;
    static final String DEFAULT_ID = "pbkdf2-sha256-" + ITERATIONS;
    private static final int SALT_BYTES = 16;

    private final PasswordEncoder encoder;

    public ClientSecretHashing() {
        this.encoder = new DelegatingPasswordEncoder(DEFAULT_ID, Map.of(
                DEFAULT_ID, new Pbkdf2PasswordEncoder("", SALT_BYTES, ITERATIONS, SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256),
                // Argon2 and bcrypt hashes carry their own parameters, so any instance verifies them.
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    /** The encoder for client secrets: encodes with {@value #DEFAULT_ID}, verifies every known id. */
    public PasswordEncoder encoder() {
        return encoder;
    }
}
