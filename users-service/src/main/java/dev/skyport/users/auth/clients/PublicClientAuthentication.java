package dev.skyport.users.auth.clients;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Lets a public client (authentication method {@code none}, i.e. the CLI) identify itself by {@code client_id} on
 * the requests Spring Authorization Server only accepts from confidential clients out of the box: the device
 * authorization request, the device-code token request and the refresh-token request. Authorization-code
 * requests are left to SAS's own public-client provider, which insists on the PKCE verifier. Refresh tokens held
 * by public clients are protected by rotation with replay detection instead of a client secret.
 */
public final class PublicClientAuthentication {

    private static final String DEVICE_AUTHORIZATION_PATH = "/oauth2/device_authorization";

    private PublicClientAuthentication() {
    }

    public static AuthenticationConverter converter() {
        return request -> {
            if (!"POST".equals(request.getMethod()) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
                return null;
            }
            String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
            boolean deviceAuthorization = request.getRequestURI().endsWith(DEVICE_AUTHORIZATION_PATH);
            boolean publicGrant = AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType)
                    || AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType);
            if (!deviceAuthorization && !publicGrant) {
                return null;
            }
            String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
            if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
                return null;
            }
            return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
                    Map.of(MARKER, grantType == null ? "device_authorization" : grantType));
        };
    }

    /** Set by this converter only; the PKCE converter copies request parameters, so the value is also checked. */
    private static final String MARKER = "skyport.public-client-request";

    public static AuthenticationProvider provider(RegisteredClientRepository clients) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
                if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
                        || !isOurs(token.getAdditionalParameters())) {
                    return null;
                }
                RegisteredClient client = clients.findByClientId((String) token.getPrincipal());
                if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT));
                }
                return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    private static boolean isOurs(Map<String, Object> parameters) {
        // A PKCE token request carries code_verifier and grant_type=authorization_code: never ours to accept.
        return parameters.containsKey(MARKER) && !parameters.containsKey(PkceParameterNames.CODE_VERIFIER)
                && !parameters.containsKey(OAuth2ParameterNames.GRANT_TYPE);
    }
}
