package dev.skyport.users.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Skyport's authorization server ({@code skyport.auth.*}): token lifetimes, the clients
 * registered from configuration, signing-key rotation, login throttling and the login session.
 */
@ConfigurationProperties("skyport.auth")
public record AuthorizationServerProperties(
        @DefaultValue("10m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("5m") Duration authorizationCodeTtl,
        @DefaultValue("10m") Duration deviceCodeTtl,
        Map<String, Client> clients,
        @DefaultValue Keys keys,
        @DefaultValue Login login,
        @DefaultValue Session session) {

    public AuthorizationServerProperties {
        clients = clients == null ? Map.of() : new LinkedHashMap<>(clients);
    }

    /**
     * A client registered at start-up (the table is updated to match). Public clients authenticate with PKCE
     * only; confidential ones with a secret.
     */
    public record Client(
            @DefaultValue("false") boolean confidential,
            String secret,
            @DefaultValue List<String> grantTypes,
            @DefaultValue List<String> redirectUris,
            @DefaultValue List<String> postLogoutRedirectUris,
            @DefaultValue Set<String> scopes,
            /* First-party clients skip the consent screen of the code flow; the device flow always asks. */
            @DefaultValue("false") boolean requireConsent,
            Duration accessTokenTtl,
            Duration refreshTokenTtl) {
    }

    /**
     * Signing-key rotation. A new key is written {@code publishAhead} before it signs anything, so every replica
     * and every resource server's JWKS cache has seen it first; a retired key stays in the JWKS for
     * {@code retention} (longer than any token it signed lives).
     */
    public record Keys(
            @DefaultValue("30d") Duration rotationInterval,
            @DefaultValue("1h") Duration publishAhead,
            @DefaultValue("2h") Duration retention,
            @DefaultValue("1m") Duration checkInterval,
            /* How long a replica trusts its copy of the key table. Must stay well below publishAhead. */
            @DefaultValue("30s") Duration cacheTtl,
            @DefaultValue("2048") int rsaKeySize) {
    }

    /**
     * Brute-force protection: too many failures of one account from one address lock that pair out, too many from
     * one address lock the address out, longer each time; an account's failures from all addresses together only
     * slow further attempts on it down (from {@code firstAccountDelay}, doubling, up to {@code maxAccountDelay},
     * which must stay below the gateway's route timeout).
     */
    public record Login(
            @DefaultValue("5") int maxFailuresPerAccountAndAddress,
            @DefaultValue("30") int maxFailuresPerAddress,
            @DefaultValue("15m") Duration failureWindow,
            @DefaultValue("1m") Duration firstLockout,
            @DefaultValue("30m") Duration maxLockout,
            @DefaultValue("10") int accountDelayAfter,
            @DefaultValue("1s") Duration firstAccountDelay,
            @DefaultValue("5s") Duration maxAccountDelay) {
    }

    /** The browser session between the login page and the authorization code (stored in DynamoDB). */
    public record Session(@DefaultValue("30m") Duration timeout) {
    }
}
