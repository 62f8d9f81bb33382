package dev.skyport.users.auth.server;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.skyport.starter.config.LocalDefaults;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.security.ProblemAccessDeniedHandler;
import dev.skyport.starter.security.SkyportJwtDecoders;
import dev.skyport.starter.security.SkyportSecurityProperties;
import dev.skyport.users.auth.AuthTables;
import dev.skyport.users.auth.AuthorizationServerProperties;
import dev.skyport.users.auth.authorizations.DynamoAuthorizationConsentService;
import dev.skyport.users.auth.authorizations.DynamoAuthorizationService;
import dev.skyport.users.auth.clients.ClientSecretHashing;
import dev.skyport.users.auth.clients.ConfiguredClients;
import dev.skyport.users.auth.clients.DynamoRegisteredClientRepository;
import dev.skyport.users.auth.clients.PublicClientAuthentication;
import dev.skyport.users.auth.keys.SigningKeyRotation;
import dev.skyport.users.auth.keys.SigningKeys;
import dev.skyport.users.auth.login.DeviceApproval;
import dev.skyport.users.auth.login.DynamoSessionRepository;
import dev.skyport.users.auth.login.LoginThrottle;
import dev.skyport.users.auth.login.UserAccountLogin;
import dev.skyport.users.user.UserAccount;
import dev.skyport.users.user.UserDirectory;

/**
 * Spring Authorization Server wired to Skyport's DynamoDB state. Two filter chains come before the service-starter's
 * resource-server chain: the protocol endpoints (SAS), then the browser pages (login, logout, device activation).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthorizationServerProperties.class)
@EnableSpringHttpSession
public class AuthorizationServerConfig {

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, UserDirectory directory,
            RegisteredClientRepository clients, OAuth2TokenGenerator<?> tokenGenerator, SkyportSecurityProperties security,
            ClientSecretHashing clientSecretHashing, ProblemAccessDeniedHandler problemAccessDeniedHandler) throws Exception {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.tokenGenerator(tokenGenerator)
                    .clientAuthentication(clientAuthentication -> clientAuthentication
                            .authenticationConverter(PublicClientAuthentication.converter())
                            .authenticationProvider(PublicClientAuthentication.provider(clients))
                            // SAS would take the one PasswordEncoder bean (users' Argon2id) for client secrets.
                            .authenticationProviders(providers -> providers.forEach(provider -> {
                                if (provider instanceof ClientSecretAuthenticationProvider secrets) {
                                    secrets.setPasswordEncoder(clientSecretHashing.encoder());
                                }
                            })))
                    .oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo
                            .userInfoMapper(context -> userInfo(directory, context))))
                    .deviceAuthorizationEndpoint(device -> device
                            // Absolute, under the public issuer: the user types it into a browser, through the gateway.
                            .verificationUri(security.issuerUri() + "/activate"))
                    .deviceVerificationEndpoint(verification -> verification
                            // The approval page (SAS redirects there with the consent state once the user is signed in).
                            .consentPage("/activate")
                            .authenticationProviders(DeviceApproval::configure)
                            // A request neither SAS converter takes (e.g. a GET carrying a state) is an invalid one.
                            .deviceVerificationRequestConverters(converters -> converters.add(DeviceApproval::unrecognised))
                            .deviceVerificationResponseHandler(new SimpleUrlAuthenticationSuccessHandler("/activated"))
                            .errorResponseHandler(DeviceApproval::onFailure));
        });
        // SAS exempts its endpoints from CSRF (the state parameter protects its consent form); the approval is also a
        // same-site form post of the session's CSRF token, and nothing approves without it.
        http.addFilterAfter(DeviceApproval.csrfFilter(problemAccessDeniedHandler), CsrfFilter.class);
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // /userinfo takes the access token as a bearer token.
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> { }))
                // A browser that is not signed in yet goes to the login page; API clients get a 401.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain signInFilterChain(HttpSecurity http, UserDirectory directory, PasswordEncoder passwordEncoder,
            LoginThrottle loginThrottle, ProblemAccessDeniedHandler problemAccessDeniedHandler) throws Exception {
        // A manager of its own, with no parent: no other provider can be reached around the throttle.
        ProviderManager signIn = new ProviderManager(List.of(new UserAccountLogin(directory, passwordEncoder, loginThrottle)));
        http.securityMatcher("/login", "/logout", "/activate", "/activated")
                .authenticationManager(signIn)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/login").failureUrl("/login?error").defaultSuccessUrl("/activate"))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // A form posted without (or with a stale) CSRF token: 403 problem+json like every other refusal.
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(problemAccessDeniedHandler));
        return http.build();
    }

    private static OidcUserInfo userInfo(UserDirectory directory, OidcUserInfoAuthenticationContext context) {
        UserAccount account = directory.findById(context.getAuthorization().getPrincipalName())
                .filter(UserAccount::isActive)
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN)));
        OidcUserInfo.Builder info = OidcUserInfo.builder().subject(account.id()).email(account.email());
        if (context.getAuthorization().getAuthorizedScopes().contains(OidcScopes.PROFILE)) {
            info.name(account.name());
        }
        return info.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SkyportSecurityProperties security) {
        // The issuer every Skyport service expects (SKYPORT_ISSUER_URI): the gateway's public URL.
        return AuthorizationServerSettings.builder().issuer(security.issuerUri()).build();
    }

    @Bean
    AuthTables authTables(SkyportTables tables) {
        return new AuthTables(tables);
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(AuthTables tables) {
        return new DynamoRegisteredClientRepository(tables);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(AuthTables tables, RegisteredClientRepository clients) {
        return new DynamoAuthorizationService(tables, clients, CLOCK);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(AuthTables tables, RegisteredClientRepository clients) {
        return new DynamoAuthorizationConsentService(tables, clients);
    }

    @Bean
    SigningKeys signingKeys(AuthTables tables, AuthorizationServerProperties properties) {
        return new SigningKeys(tables, properties, CLOCK);
    }

    @Bean
    SigningKeyRotation signingKeyRotation(SigningKeys signingKeys, AuthorizationServerProperties properties) {
        return new SigningKeyRotation(signingKeys, properties);
    }

    /** What the JWKS endpoint publishes: public halves only. */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys signingKeys) {
        return (selector, context) -> selector.select(new JWKSet(signingKeys.publishedKeys()));
    }

    /** Signs with the one current key (the JWKS may hold several, which would make a selector ambiguous). */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys signingKeys) {
        return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(signingKeys.currentSigningKey())));
    }

    /**
     * Validates access tokens for this service's own resource endpoints (/userinfo, /api/users/**, /internal/**)
     * straight from the key table instead of fetching its own JWKS over HTTP, with the validators every Skyport
     * service applies (the starter's: issuer, audience, exp/nbf with skew) and its algorithm allow-list.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys signingKeys, SkyportSecurityProperties security) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withJwkSource((selector, context) -> selector.select(new JWKSet(signingKeys.publishedKeys())))
                .jwsAlgorithms(algorithms -> {
                    algorithms.clear();
                    security.algorithms().forEach(name -> algorithms.add(SignatureAlgorithm.from(name)));
                })
                .build();
        decoder.setJwtValidator(SkyportJwtDecoders.validator(security));
        return decoder;
    }

    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(JwtEncoder jwtEncoder, OAuth2TokenCustomizer<JwtEncodingContext> claims) {
        JwtGenerator jwts = new JwtGenerator(jwtEncoder);
        jwts.setJwtCustomizer(claims);
        return new DelegatingOAuth2TokenGenerator(jwts, new OAuth2AccessTokenGenerator(),
                new RotatingRefreshTokenGenerator(CLOCK));
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> skyportTokenClaims(UserDirectory directory,
            SkyportSecurityProperties security) {
        return new SkyportTokenClaims(directory, security.audience());
    }

    @Bean
    SessionRepository<MapSession> sessionRepository(AuthTables tables, AuthorizationServerProperties properties) {
        return new DynamoSessionRepository(tables, properties, CLOCK);
    }

    /**
     * The session cookie: HttpOnly, SameSite=Lax (the login and approval forms are same-site posts; a cross-site post
     * arrives without the session), Secure whenever the client's connection was HTTPS (the request is secure then,
     * from the gateway's X-Forwarded-Proto).
     */
    @Bean
    CookieSerializer sessionCookie() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName("SESSION");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        return cookie;
    }

    @Bean
    LoginThrottle loginThrottle(AuthTables tables, AuthorizationServerProperties properties) {
        return new LoginThrottle(tables, properties, CLOCK);
    }

    /** Client secrets' own hashing; user passwords keep the Argon2id {@code PasswordEncoder} bean. */
    @Bean
    ClientSecretHashing clientSecretHashing() {
        return new ClientSecretHashing();
    }

    @Bean
    SmartInitializingSingleton configuredClientsRegistration(AuthorizationServerProperties properties,
            RegisteredClientRepository repository, ClientSecretHashing clientSecretHashing, Environment environment) {
        properties.clients().forEach((id, client) -> {
            if (client.confidential()) {
                String property = "skyport.auth.clients." + id + ".secret";
                LocalDefaults.refuseOutsideLocal(environment, property,
                        id.equals("skyport-service") ? "SKYPORT_SERVICE_CLIENT_SECRET" : property, client.secret());
            }
        });
        return () -> new ConfiguredClients(properties, repository, clientSecretHashing.encoder()).register();
    }
}
