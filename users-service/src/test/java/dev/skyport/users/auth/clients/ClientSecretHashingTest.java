package dev.skyport.users.auth.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.skyport.users.auth.AuthorizationServerProperties;
import dev.skyport.users.user.PasswordHashing;

/**
 * Client secrets get their own, fast hash; hashes from before (Argon2id, bcrypt) still verify and are replaced;
 * nothing but a hash is ever stored.
 */
class ClientSecretHashingTest {

    private static final String SECRET = "f3Jk9-machine-secret-Qz81";

    private final PasswordEncoder secrets = new ClientSecretHashing().encoder();

    @Test
    void secretsAreSaltedPbkdf2HashesNamedByTheirParameters() {
        String first = secrets.encode(SECRET);
        String second = secrets.encode(SECRET);
        assertThat(first).startsWith("{pbkdf2-sha256-1000}").doesNotContain(SECRET);
        assertThat(second).isNotEqualTo(first);
        assertThat(secrets.matches(SECRET, first)).isTrue();
        assertThat(secrets.matches(SECRET, second)).isTrue();
        assertThat(secrets.matches("not-the-secret", first)).isFalse();
        assertThat(secrets.upgradeEncoding(first)).isFalse();
    }

    @Test
    void argon2AndBcryptHashesFromBeforeStillVerifyAndAskForAnUpgrade() {
        String argon2 = new PasswordHashing().passwordEncoder().encode(SECRET);
        String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SECRET);
        assertThat(argon2).startsWith("{argon2}$argon2id$");
        for (String old : List.of(argon2, bcrypt)) {
            assertThat(secrets.matches(SECRET, old)).as(old).isTrue();
            assertThat(secrets.matches("not-the-secret", old)).as(old).isFalse();
            assertThat(secrets.upgradeEncoding(old)).as(old).isTrue();
        }
    }

    @Test
    void userPasswordsStayArgon2id() {
        assertThat(new PasswordHashing().passwordEncoder().encode("Quiet-Harbor-2048!")).startsWith("{argon2}$argon2id$");
    }

    @Test
    void configuredClientsKeepACurrentHashAndReplaceAnOldOrStaleOne() {
        AuthorizationServerProperties.Client service = new AuthorizationServerProperties.Client(true, SECRET,
                List.of("client_credentials"), List.of(), List.of(), Set.of("users:internal"), false, null, null);
        AuthorizationServerProperties properties = new AuthorizationServerProperties(Duration.ofMinutes(10),
                Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofMinutes(10), Map.of("svc", service), null, null, null);
        ConfiguredClients configured = new ConfiguredClients(properties, null, secrets);

        RegisteredClient fresh = configured.toRegisteredClient("svc", service, null);
        assertThat(fresh.getClientSecret()).startsWith("{pbkdf2-sha256-1000}");
        assertThat(configured.toRegisteredClient("svc", service, fresh).getClientSecret())
                .isEqualTo(fresh.getClientSecret());

        RegisteredClient storedWithArgon2 = RegisteredClient.from(fresh)
                .clientSecret(new PasswordHashing().passwordEncoder().encode(SECRET)).build();
        String upgraded = configured.toRegisteredClient("svc", service, storedWithArgon2).getClientSecret();
        assertThat(upgraded).startsWith("{pbkdf2-sha256-1000}");
        assertThat(secrets.matches(SECRET, upgraded)).isTrue();

        RegisteredClient storedWithAnotherSecret = RegisteredClient.from(fresh)
                .clientSecret(secrets.encode("the-previous-secret")).build();
        String replaced = configured.toRegisteredClient("svc", service, storedWithAnotherSecret).getClientSecret();
        assertThat(secrets.matches(SECRET, replaced)).isTrue();
    }

    @Test
    void theClientTableTakesHashesOnly() {
        RegisteredClient hashed = RegisteredClient.withId("svc").clientId("svc").clientSecret(secrets.encode(SECRET))
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build();
        assertThat(DynamoRegisteredClientRepository.toItem(hashed).getClientSecret()).isEqualTo(hashed.getClientSecret());
        for (String plain : List.of(SECRET, "{noop}" + SECRET, "{}" + SECRET)) {
            RegisteredClient client = RegisteredClient.from(hashed).clientSecret(plain).build();
            assertThatThrownBy(() -> DynamoRegisteredClientRepository.toItem(client))
                    .as(plain).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
