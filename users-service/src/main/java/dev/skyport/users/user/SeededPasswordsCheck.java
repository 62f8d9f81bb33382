package dev.skyport.users.user;

import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import dev.skyport.starter.config.LocalDefaultRefusedException;
import dev.skyport.starter.config.LocalDefaults;

/**
 * Outside the local profile nothing is seeded, but a table first used locally may still hold the README's accounts
 * with their published passwords: start-up is refused until those accounts are gone.
 */
@Component
@Profile("!" + LocalDefaults.LOCAL_PROFILE)
public class SeededPasswordsCheck implements ApplicationRunner {

    private static final Map<String, String> SEEDED = Map.of(
            LocalUserSeed.DEMO_EMAIL, LocalUserSeed.DEMO_PASSWORD,
            LocalUserSeed.ADMIN_EMAIL, LocalUserSeed.ADMIN_PASSWORD);

    private final UserDirectory directory;
    private final PasswordEncoder passwords;

    public SeededPasswordsCheck(UserDirectory directory, PasswordEncoder passwords) {
        this.directory = directory;
        this.passwords = passwords;
    }

    @Override
    public void run(ApplicationArguments args) {
        SEEDED.forEach((email, password) -> directory.findByEmail(email)
                .filter(account -> passwords.matches(password, account.passwordHash()))
                .ifPresent(account -> {
                    throw new LocalDefaultRefusedException(("%s still has its seeded local password outside the local "
                            + "profile: delete that account (DELETE /api/users/{id}) or give this environment tables of "
                            + "its own (SKYPORT_TABLE_PREFIX)").formatted(email));
                }));
    }
}
