package dev.skyport.users.auth.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

import dev.skyport.users.auth.AuthTables;

/**
 * Registered clients in the {@code oauth2-clients} table. Only the settings Skyport uses are stored, as plain
 * attributes, so an item stays readable by an operator.
 */
public class DynamoRegisteredClientRepository implements RegisteredClientRepository {

    /** {@code {id}hash} as a {@code DelegatingPasswordEncoder} writes it. */
    private static final Pattern HASHED_SECRET = Pattern.compile("\\{[^{}]+}.+");

    private final AuthTables tables;

    public DynamoRegisteredClientRepository(AuthTables tables) {
        this.tables = tables;
    }

    @Override
    public void save(RegisteredClient client) {
        tables.clients().putItem(toItem(client));
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClientItem item = tables.clients().getItem(Key.builder().partitionValue(id).build());
        return item == null ? null : toClient(item);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return tables.clients().index(RegisteredClientItem.BY_CLIENT_ID)
                .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(clientId).build()))
                .stream().flatMap(page -> page.items().stream())
                .findFirst().map(DynamoRegisteredClientRepository::toClient).orElse(null);
    }

    static RegisteredClientItem toItem(RegisteredClient client) {
        requireHashedSecret(client.getClientSecret());
        RegisteredClientItem item = new RegisteredClientItem();
        item.setId(client.getId());
        item.setClientId(client.getClientId());
        item.setClientIdIssuedAt(client.getClientIdIssuedAt());
        item.setClientSecret(client.getClientSecret());
        item.setClientName(client.getClientName());
        item.setAuthenticationMethods(map(client.getClientAuthenticationMethods(), ClientAuthenticationMethod::getValue));
        item.setGrantTypes(map(client.getAuthorizationGrantTypes(), AuthorizationGrantType::getValue));
        item.setRedirectUris(new ArrayList<>(client.getRedirectUris()));
        item.setPostLogoutRedirectUris(new ArrayList<>(client.getPostLogoutRedirectUris()));
        item.setScopes(new ArrayList<>(client.getScopes()));
        item.setRequireProofKey(client.getClientSettings().isRequireProofKey());
        item.setRequireConsent(client.getClientSettings().isRequireAuthorizationConsent());
        TokenSettings tokens = client.getTokenSettings();
        item.setAccessTokenTtlSeconds(tokens.getAccessTokenTimeToLive().toSeconds());
        item.setRefreshTokenTtlSeconds(tokens.getRefreshTokenTimeToLive().toSeconds());
        item.setAuthorizationCodeTtlSeconds(tokens.getAuthorizationCodeTimeToLive().toSeconds());
        item.setDeviceCodeTtlSeconds(tokens.getDeviceCodeTimeToLive().toSeconds());
        item.setReuseRefreshTokens(tokens.isReuseRefreshTokens());
        return item;
    }

    static RegisteredClient toClient(RegisteredClientItem item) {
        return RegisteredClient.withId(item.getId())
                .clientId(item.getClientId())
                .clientIdIssuedAt(item.getClientIdIssuedAt())
                .clientSecret(item.getClientSecret())
                .clientName(item.getClientName())
                .clientAuthenticationMethods(set -> orEmpty(item.getAuthenticationMethods())
                        .forEach(m -> set.add(new ClientAuthenticationMethod(m))))
                .authorizationGrantTypes(set -> orEmpty(item.getGrantTypes())
                        .forEach(g -> set.add(new AuthorizationGrantType(g))))
                .redirectUris(set -> set.addAll(orEmpty(item.getRedirectUris())))
                .postLogoutRedirectUris(set -> set.addAll(orEmpty(item.getPostLogoutRedirectUris())))
                .scopes(set -> set.addAll(orEmpty(item.getScopes())))
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(Boolean.TRUE.equals(item.getRequireProofKey()))
                        .requireAuthorizationConsent(Boolean.TRUE.equals(item.getRequireConsent()))
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .accessTokenTimeToLive(Duration.ofSeconds(item.getAccessTokenTtlSeconds()))
                        .refreshTokenTimeToLive(Duration.ofSeconds(item.getRefreshTokenTtlSeconds()))
                        .authorizationCodeTimeToLive(Duration.ofSeconds(item.getAuthorizationCodeTtlSeconds()))
                        .deviceCodeTimeToLive(Duration.ofSeconds(item.getDeviceCodeTtlSeconds()))
                        .reuseRefreshTokens(Boolean.TRUE.equals(item.getReuseRefreshTokens()))
                        .build())
                .build();
    }

    /**
     * Secrets reach the table only as hashes ({@link ClientSecretHashing}): a bare or {@code {noop}} value would be
     * the secret itself, readable by anyone who can read the table.
     */
    static void requireHashedSecret(String secret) {
        if (secret != null && (!HASHED_SECRET.matcher(secret).matches() || secret.startsWith("{noop}"))) {
            throw new IllegalArgumentException("A client secret must be stored as an {id}-prefixed hash, not as itself");
        }
    }

    private static <T> List<String> map(java.util.Collection<T> values, Function<T, String> f) {
        return new ArrayList<>(values.stream().map(f).toList());
    }

    private static List<String> orEmpty(List<String> values) {
        return Optional.ofNullable(values).orElse(List.of());
    }
}
