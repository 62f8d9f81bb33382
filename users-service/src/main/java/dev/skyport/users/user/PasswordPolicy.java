package dev.skyport.users.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Password rules for sign-up, after NIST SP 800-63B (length over composition rules, a block list, no
 * context-specific words): 12 to 128 characters (the upper bound keeps hashing cheap to refuse), at least 5
 * distinct characters, not on the common-password list (compared ignoring case), not containing the e-mail
 * address, and not equal to the e-mail's local part or the name (ignoring case and surrounding punctuation).
 */
public class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    static final int MIN_DISTINCT = 5;

    private final Set<String> commonPasswords;

    public PasswordPolicy() {
        this.commonPasswords = loadCommonPasswords();
    }

    /** The reasons this password is refused; empty when it is acceptable. */
    public List<String> violations(String password, String email, String name) {
        List<String> reasons = new ArrayList<>();
        if (password == null) {
            reasons.add("must not be null");
            return reasons;
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            reasons.add("must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters long");
            return reasons;
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            reasons.add("must contain at least " + MIN_DISTINCT + " different characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.contains(lower)) {
            reasons.add("is too common");
        }
        if (email != null && !email.isBlank()) {
            String normalisedEmail = UserDirectory.normaliseEmail(email);
            if (lower.contains(normalisedEmail)) {
                reasons.add("must not contain the e-mail address");
            }
            int at = normalisedEmail.indexOf('@');
            if (at > 0 && stripped(lower).equals(stripped(normalisedEmail.substring(0, at)))) {
                reasons.add("must not be the e-mail address's name part");
            }
        }
        if (name != null && !name.isBlank() && stripped(lower).equals(stripped(name.toLowerCase(Locale.ROOT)))) {
            reasons.add("must not be the name");
        }
        return reasons;
    }

    private static String stripped(String value) {
        return value.codePoints()
                .filter(Character::isLetterOrDigit)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    private static Set<String> loadCommonPasswords() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null;) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
