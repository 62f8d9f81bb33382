package dev.skyport.users.user;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The one password hashing policy of users-service: Argon2id (Spring Security's 5.8 defaults: 16 MiB memory,
 * 2 iterations, parallelism 1, 16-byte salt, 32-byte hash; BouncyCastle implementation) behind a
 * {@link DelegatingPasswordEncoder}, so every stored hash carries its algorithm as an {@code {id}} prefix and the
 * policy can change later without invalidating old hashes ({@code {bcrypt}} hashes, cost 12, still verify).
 */
@Configuration(proxyBeanMethods = false)
public class PasswordHashing {

    static final String ARGON2 = "argon2";

    @Bean
    public PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(ARGON2, Map.of(
                ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder(12)));
    }
}
