package dev.skyport.users.user;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Local profile only: the demo user and the admin of the README, created once (a second start finds their e-mail
 * guards and leaves them alone). Their passwords pass the {@link PasswordPolicy}; a test checks it.
 */
@Component
@Profile("local")
public class LocalUserSeed implements ApplicationRunner {

    static final String DEMO_EMAIL = "demo@skyport.local";
    static final String DEMO_PASSWORD = "Demo-password-1";
    static final String DEMO_NAME = "Demo User";
    static final String ADMIN_EMAIL = "admin@skyport.local";
    static final String ADMIN_PASSWORD = "Admin-password-1";
    static final String ADMIN_NAME = "Skyport Admin";

    private static final Logger log = LoggerFactory.getLogger(LocalUserSeed.class);

    private final UserRegistration registration;

    public LocalUserSeed(UserRegistration registration) {
        this.registration = registration;
    }

    @Override
    public void run(ApplicationArguments args) {
        seed(DEMO_EMAIL, DEMO_PASSWORD, DEMO_NAME, Set.of(Roles.USER));
        seed(ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME, Set.of(Roles.USER, Roles.ADMIN));
    }

    private void seed(String email, String password, String name, Set<String> roles) {
        if (registration.isRegistered(email)) {
            log.info("seed.user.present email={}", email);
            return;
        }
        boolean created = registration.register(email, password, name, roles);
        log.info("seed.user email={} created={}", email, created);
    }
}
