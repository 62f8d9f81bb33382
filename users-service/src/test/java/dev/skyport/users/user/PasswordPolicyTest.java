package dev.skyport.users.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void acceptsALongPassphraseAndTheSeededPasswords() {
        assertThat(policy.violations("correct horse battery", "ada@example.com", "Ada")).isEmpty();
        assertThat(policy.violations("Demo-password-1", "demo@skyport.local", "Demo User")).isEmpty();
        assertThat(policy.violations("Admin-password-1", "admin@skyport.local", "Skyport Admin")).isEmpty();
    }

    @Test
    void refusesShortAndOverlongPasswordsCountingCodePoints() {
        assertThat(policy.violations("elevenchars", "a@b.io", "A")).containsExactly("must be between 12 and 128 characters long");
        assertThat(policy.violations("x".repeat(64) + "y".repeat(65), "a@b.io", "A")).hasSize(1);
        // 12 emoji are 24 UTF-16 units but 12 characters: accepted as long enough.
        assertThat(policy.violations("😀😁😂🤣😃😄😅😆😉😊😋😎", "a@b.io", "A")).isEmpty();
    }

    @Test
    void refusesCommonPasswordsIgnoringCase() {
        assertThat(policy.violations("PASSWORD1234", "a@b.io", "A")).containsExactly("is too common");
        assertThat(policy.violations("Qwertyuiop123", "a@b.io", "A")).containsExactly("is too common");
    }

    @Test
    void refusesPasswordsWithTooFewDistinctCharacters() {
        assertThat(policy.violations("abababababababab", "a@b.io", "A")).contains("must contain at least 5 different characters");
    }

    @Test
    void refusesTheEmailTheEmailsNamePartAndTheName() {
        assertThat(policy.violations("my ADA@example.com!", "ada@example.com", "X")).contains("must not contain the e-mail address");
        assertThat(policy.violations("ada.lovelace!!", "AdaLovelace@example.com", "X")).contains("must not be the e-mail address's name part");
        assertThat(policy.violations("Charles-Babbage", "c@example.com", "charles babbage")).containsExactly("must not be the name");
    }
}
