package dev.skyport.users.auth.authorizations;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import software.amazon.awssdk.enhanced.dynamodb.Key;

import dev.skyport.users.auth.AuthTables;

/** Consents in the {@code oauth2-consents} table (only third-party clients ever ask for one). */
public class DynamoAuthorizationConsentService implements OAuth2AuthorizationConsentService {

    private final AuthTables tables;
    private final RegisteredClientRepository clients;

    public DynamoAuthorizationConsentService(AuthTables tables, RegisteredClientRepository clients) {
        this.tables = tables;
        this.clients = clients;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        ConsentItem item = new ConsentItem();
        item.setRegisteredClientId(consent.getRegisteredClientId());
        item.setPrincipalName(consent.getPrincipalName());
        item.setAuthorities(new ArrayList<>(consent.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()));
        tables.consents().putItem(item);
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        tables.consents().deleteItem(key(consent.getRegisteredClientId(), consent.getPrincipalName()));
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        ConsentItem item = tables.consents().getItem(key(registeredClientId, principalName));
        if (item == null) {
            return null;
        }
        if (clients.findById(registeredClientId) == null) {
            throw new IllegalStateException("The registered client " + registeredClientId + " was not found");
        }
        OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(registeredClientId, principalName);
        Optional.ofNullable(item.getAuthorities()).orElse(List.of())
                .forEach(a -> builder.authority(new SimpleGrantedAuthority(a)));
        return builder.build();
    }

    private static Key key(String registeredClientId, String principalName) {
        return Key.builder().partitionValue(registeredClientId).sortValue(principalName).build();
    }
}
