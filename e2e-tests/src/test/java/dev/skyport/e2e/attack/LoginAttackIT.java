package dev.skyport.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.skyport.e2e.platform.Walkthrough;

/**
 * Lockout abuse on the login form (contracts C2 and C3): failures count per (account, address), the address being
 * the one the gateway resolved and forwarded. Every attempt goes through the gateway's real login page, from
 * addresses of its own.
 */
@ExtendWith(SharedPlatform.class)
@Order(7)
class LoginAttackIT {

    private static final String WRONG = "Wrong-password-1";

    @Test
    void failedLoginsForRandomEmailsFromManyAddressesLockNobodyOut() {
        // Attack: lock every user out. users-service saw every client as the gateway's address, so 30 failures for
        // made-up e-mails from anywhere locked that one address, i.e. every user, for the lockout period.
        // 5 addresses x 6 attempts, well under the edge's per-address login limit (burst 20).
        for (int address = 0; address < 5; address++) {
            FormLogin attacker = new FormLogin(SharedPlatform.client());
            for (int attempt = 0; attempt < 6; attempt++) {
                assertThat(attacker.attempt("nobody-" + UUID.randomUUID() + "@example.com", WRONG)).isFalse();
            }
        }

        FormLogin user = new FormLogin(SharedPlatform.client());
        assertThat(user.attempt(Walkthrough.DEMO_EMAIL, Walkthrough.DEMO_PASSWORD))
                .as("the demo user signs in from a fresh address").isTrue();
    }

    @Test
    void wrongPasswordsFromSomeAddressesDoNotLockTheAccountForOthers() {
        // Attack: keep one account locked. Failures counted per account alone let anyone lock a known user out
        // indefinitely with five wrong passwords per lockout period.
        FormLogin first = new FormLogin(SharedPlatform.client());
        FormLogin second = new FormLogin(SharedPlatform.client());
        for (int attempt = 0; attempt < 6; attempt++) {
            assertThat(first.attempt(Walkthrough.DEMO_EMAIL, WRONG)).isFalse();
            assertThat(second.attempt(Walkthrough.DEMO_EMAIL, WRONG)).isFalse();
        }

        FormLogin owner = new FormLogin(SharedPlatform.client());
        assertThat(owner.attempt(Walkthrough.DEMO_EMAIL, Walkthrough.DEMO_PASSWORD))
                .as("the owner signs in from an address that did not fail").isTrue();
        assertThat(first.attempt(Walkthrough.DEMO_EMAIL, Walkthrough.DEMO_PASSWORD))
                .as("the attacking address stays locked for that account, even with the right password").isFalse();
    }
}
