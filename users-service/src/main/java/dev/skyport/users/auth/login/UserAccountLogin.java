package dev.skyport.users.auth.login;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.skyport.users.user.UserAccount;
import dev.skyport.users.user.UserDirectory;

/**
 * Checks the login form's e-mail and password against the user directory, behind the {@link LoginThrottle}: a locked
 * (account, address) pair or address is refused without a check, and an attempt on an account under attack from
 * many addresses is held back first.
 * The authenticated principal's name is the user id (it becomes {@code sub}); every failure, whatever its cause
 * (unknown e-mail, wrong password, disabled account, lockout), surfaces as the same {@link BadCredentialsException},
 * so the answer never tells whether an account exists.
 */
public class UserAccountLogin implements AuthenticationProvider {

    static final String FAILED = "Sign-in failed";

    private final DaoAuthenticationProvider passwordCheck;
    private final LoginThrottle throttle;

    public UserAccountLogin(UserDirectory directory, PasswordEncoder passwordEncoder, LoginThrottle throttle) {
        UserDetailsService users = email -> directory.findByEmail(email)
                .map(UserAccountLogin::toUserDetails)
                .orElseThrow(() -> new UsernameNotFoundException(FAILED));
        this.passwordCheck = new DaoAuthenticationProvider(users);
        // DaoAuthenticationProvider still hashes the password for an unknown e-mail, so timing tells nothing either.
        this.passwordCheck.setPasswordEncoder(passwordEncoder);
        this.throttle = throttle;
    }

    private static User toUserDetails(UserAccount account) {
        return (User) User.withUsername(account.id())
                .password(account.passwordHash())
                .authorities(account.roles().stream().map(role -> "ROLE_" + role).toArray(String[]::new))
                .disabled(!account.isActive())
                .build();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        if (throttle.isLocked(email, address)) {
            throw new BadCredentialsException(FAILED);
        }
        holdBack(throttle.delayFor(email));
        try {
            Authentication result = passwordCheck.authenticate(authentication);
            throttle.recordSuccess(email, address);
            return result;
        } catch (AuthenticationException e) {
            throttle.recordFailure(email, address);
            throw new BadCredentialsException(FAILED);
        }
    }

    /** Requests run on virtual threads: a held-back attempt costs no platform thread. */
    private static void holdBack(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadCredentialsException(FAILED);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
