package dev.skyport.users.auth.clients;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** Which requests let a public client in by client_id alone, and which never do. */
class PublicClientAuthenticationTest {

    private static final RegisteredClient CLI = RegisteredClient.withId("cli").clientId("skyport-cli")
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE).build();
    private static final RegisteredClient SERVICE = RegisteredClient.withId("svc").clientId("skyport-service")
            .clientSecret("{noop}x").clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build();

    private final InMemoryRegisteredClientRepository clients = new InMemoryRegisteredClientRepository(CLI, SERVICE);

    private static MockHttpServletRequest post(String path, Map<String, String> parameters) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        parameters.forEach(request::addParameter);
        return request;
    }

    private Authentication authenticate(MockHttpServletRequest request) {
        Authentication converted = PublicClientAuthentication.converter().convert(request);
        return converted == null ? null : PublicClientAuthentication.provider(clients).authenticate(converted);
    }

    @Test
    void aPublicClientIsIdentifiedOnRefreshDevicePollAndDeviceAuthorization() {
        Authentication refresh = authenticate(post("/oauth2/token",
                Map.of("grant_type", "refresh_token", "refresh_token", "r", "client_id", "skyport-cli")));
        assertThat(refresh.isAuthenticated()).isTrue();
        assertThat(((OAuth2ClientAuthenticationToken) refresh).getRegisteredClient().getClientId()).isEqualTo("skyport-cli");

        assertThat(authenticate(post("/oauth2/token", Map.of("grant_type", AuthorizationGrantType.DEVICE_CODE.getValue(),
                "device_code", "d", "client_id", "skyport-cli"))).isAuthenticated()).isTrue();
        assertThat(authenticate(post("/oauth2/device_authorization", Map.of("client_id", "skyport-cli", "scope", "orders:read")))
                .isAuthenticated()).isTrue();
    }

    @Test
    void theCodeExchangeIsLeftToThePkceCheckAndSecretsToTheConfidentialProviders() {
        assertThat(PublicClientAuthentication.converter().convert(post("/oauth2/token", Map.of("grant_type",
                "authorization_code", "code", "c", "code_verifier", "v", "client_id", "skyport-cli")))).isNull();
        assertThat(PublicClientAuthentication.converter().convert(post("/oauth2/token", Map.of("grant_type",
                "refresh_token", "refresh_token", "r", "client_id", "skyport-cli", "client_secret", "s")))).isNull();
        MockHttpServletRequest basic = post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", "r"));
        basic.addHeader("Authorization", "Basic eDp5");
        assertThat(PublicClientAuthentication.converter().convert(basic)).isNull();

        // A token built by SAS's PKCE converter (request parameters copied, grant_type included) is not ours.
        OAuth2ClientAuthenticationToken pkce = new OAuth2ClientAuthenticationToken("skyport-cli",
                ClientAuthenticationMethod.NONE, null, Map.of("grant_type", "authorization_code",
                        "skyport.public-client-request", "refresh_token"));
        assertThat(PublicClientAuthentication.provider(clients).authenticate(pkce)).isNull();
    }

    @Test
    void aConfidentialClientCannotSkipItsSecret() {
        assertThatThrownBy(() -> authenticate(post("/oauth2/token",
                Map.of("grant_type", "refresh_token", "refresh_token", "r", "client_id", "skyport-service"))))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> authenticate(post("/oauth2/token",
                Map.of("grant_type", "refresh_token", "refresh_token", "r", "client_id", "unknown"))))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }
}
