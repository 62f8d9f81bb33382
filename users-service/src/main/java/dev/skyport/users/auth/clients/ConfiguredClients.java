package dev.skyport.users.auth.clients;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.skyport.users.auth.AuthorizationServerProperties;

/**
 * Makes the {@code oauth2-clients} table match {@code skyport.auth.clients} at start-up. Configuration is the
 * source of truth. A stored secret hash is kept when it still matches the configured secret and is in the current
 * client-secret format ({@link ClientSecretHashing}); an older format (an Argon2id hash from before) is re-hashed.
 */
public class ConfiguredClients {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredClients.class);

    private final AuthorizationServerProperties properties;
    private final RegisteredClientRepository repository;
    private final PasswordEncoder secretEncoder;

    public ConfiguredClients(AuthorizationServerProperties properties, RegisteredClientRepository repository,
            PasswordEncoder secretEncoder) {
        this.properties = properties;
        this.repository = repository;
        this.secretEncoder = secretEncoder;
    }

    public void register() {
        for (Map.Entry<String, AuthorizationServerProperties.Client> entry : properties.clients().entrySet()) {
            RegisteredClient existing = repository.findByClientId(entry.getKey());
            RegisteredClient wanted = toRegisteredClient(entry.getKey(), entry.getValue(), existing);
            repository.save(wanted);
            log.info("Registered OAuth2 client {} (grants {})", wanted.getClientId(),
                    wanted.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).toList());
        }
    }

    RegisteredClient toRegisteredClient(String clientId, AuthorizationServerProperties.Client client,
            RegisteredClient existing) {
        String secretHash = null;
        if (client.confidential()) {
            if (client.secret() == null || client.secret().isBlank()) {
                throw new IllegalStateException("skyport.auth.clients." + clientId + ".secret is required for a confidential client");
            }
            String stored = existing != null ? existing.getClientSecret() : null;
            // Keeping an unchanged hash keeps the item stable across restarts; the salt would change it otherwise.
            secretHash = stored != null && secretEncoder.matches(client.secret(), stored)
                    && !secretEncoder.upgradeEncoding(stored)
                            ? stored
                            : secretEncoder.encode(client.secret());
        }
        Duration accessTtl = Objects.requireNonNullElse(client.accessTokenTtl(), properties.accessTokenTtl());
        Duration refreshTtl = Objects.requireNonNullElse(client.refreshTokenTtl(), properties.refreshTokenTtl());
        RegisteredClient.Builder builder = RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientName(clientId)
                .clientIdIssuedAt(existing != null ? existing.getClientIdIssuedAt() : null)
                .clientSecret(secretHash)
                .authorizationGrantTypes(set -> client.grantTypes().forEach(g -> set.add(new AuthorizationGrantType(g))))
                .redirectUris(set -> set.addAll(client.redirectUris()))
                .postLogoutRedirectUris(set -> set.addAll(client.postLogoutRedirectUris()))
                .scopes(set -> set.addAll(client.scopes()))
                .clientSettings(ClientSettings.builder()
                        // Public clients have no secret: PKCE is what binds the code to the one who asked for it.
                        .requireProofKey(!client.confidential())
                        .requireAuthorizationConsent(client.requireConsent())
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .accessTokenTimeToLive(accessTtl)
                        .refreshTokenTimeToLive(refreshTtl)
                        .authorizationCodeTimeToLive(properties.authorizationCodeTtl())
                        .deviceCodeTimeToLive(properties.deviceCodeTtl())
                        // Rotation: every refresh returns a new refresh token; the old one becomes a replay marker.
                        .reuseRefreshTokens(false)
                        .build());
        if (client.confidential()) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        } else {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        }
        return builder.build();
    }
}
