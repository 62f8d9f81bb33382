package dev.skyport.orders.users;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.net.http.HttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The users-service client: a RestClient with HTTP timeouts that sends a client-credentials token
 * (registration {@value #REGISTRATION}: client skyport-service, scope users:internal, token from
 * users-service's internal URL) and refreshes it before it expires.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsersServiceProperties.class)
public class UsersClientConfiguration {

    /** The client registration in {@code spring.security.oauth2.client.registration}. */
    public static final String REGISTRATION = "users-service";

    /**
     * Tokens belong to the service, not to whoever is signed in: one principal for every call, so the
     * token is fetched once and reused until it nears expiry.
     */
    private static final Authentication SERVICE = new AnonymousAuthenticationToken("orders-service",
            "orders-service", AuthorityUtils.createAuthorityList("ROLE_SERVICE"));

    @Bean
    UsersClient usersClient(RestClient.Builder restClients, UsersServiceProperties properties,
                            ClientRegistrationRepository registrations, OAuth2AuthorizedClientService authorizedClients,
                            CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                            TimeLimiterRegistry timeLimiters) {
        JdkClientHttpRequestFactory requestFactory = requestFactory(properties);

        RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
        tokenClient.setRestClient(RestClient.builder()
                .requestFactory(requestFactory)
                .configureMessageConverters(converters -> converters.disableDefaults()
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(c -> c.accessTokenResponseClient(tokenClient))
                .build());

        OAuth2ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor(manager);
        oauth2.setClientRegistrationIdResolver(request -> REGISTRATION);
        oauth2.setPrincipalResolver(request -> SERVICE);
        // A 401 from users-service drops the cached token, so the next call fetches a new one.
        oauth2.setAuthorizationFailureHandler(
                OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));

        RestClient restClient = restClients.clone()
                .baseUrl(properties.url().toString())
                .requestFactory(requestFactory)
                .requestInterceptor(oauth2)
                .build();
        return new UsersClient(restClient, properties, circuitBreakers, retries, timeLimiters);
    }

    private static JdkClientHttpRequestFactory requestFactory(UsersServiceProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.timeout());
        return factory;
    }
}
