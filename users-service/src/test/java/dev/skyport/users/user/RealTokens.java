package dev.skyport.users.user;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.skyport.testsupport.Browser;
import dev.skyport.users.auth.Flows;

/**
 * Access tokens from the service's own authorization server, over real HTTP, by the same client flows the
 * authorization server's own tests use ({@link Flows}): authorization code + PKCE of {@code skyport-cli} through
 * the login form for users, client credentials of {@code skyport-service} for service calls.
 */
final class RealTokens {

    static final String SERVICE_SECRET = Flows.SERVICE_SECRET;

    private final String baseUrl;

    RealTokens(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in as this user and returns an access token with these scopes (space separated). */
    String user(String email, String password, String scope) {
        return Flows.authorizationCode(baseUrl, email, password, scope).accessToken();
    }

    /** Whether the login form accepts these credentials (it continues to the authorization endpoint). */
    boolean canSignIn(String email, String password) {
        HttpResponse<String> signedIn = Flows.signIn(new Browser(URI.create(baseUrl)), baseUrl, email, password);
        if (signedIn.statusCode() != 302) {
            throw new AssertionError("/login answered " + signedIn.statusCode() + " instead of 302: " + signedIn.body());
        }
        return !Browser.location(signedIn).contains("error");
    }

    /** A client-credentials token of the service client. */
    String service(String scope) {
        return Flows.Tokens.of(Flows.clientCredentials(baseUrl, scope)).accessToken();
    }
}
