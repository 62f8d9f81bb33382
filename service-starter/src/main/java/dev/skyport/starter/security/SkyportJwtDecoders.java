package dev.skyport.starter.security;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/** Builds the resource server's {@link NimbusJwtDecoder} from {@link SkyportSecurityProperties}. */
public final class SkyportJwtDecoders {

    private SkyportJwtDecoders() {
    }

    public static NimbusJwtDecoder create(SkyportSecurityProperties properties) {
        if (properties.jwkSetUri() == null || properties.jwkSetUri().isBlank()) {
            throw new IllegalStateException("skyport.security.jwk-set-uri (SKYPORT_JWK_SET_URI) must be set");
        }
        // The JWKS is fetched lazily on the first token and cached by Nimbus (refetched when an unknown kid shows up).
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(properties.jwksConnectTimeout()).build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(properties.jwksReadTimeout());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithms(algorithms -> {
                    algorithms.clear();
                    properties.algorithms().forEach(name -> algorithms.add(SignatureAlgorithm.from(name)));
                })
                .restOperations(new RestTemplate(requestFactory))
                .build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    public static OAuth2TokenValidator<Jwt> validator(SkyportSecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        validators.add(jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : failure("The token has no exp claim"));
        if (properties.issuerUri() != null && !properties.issuerUri().isBlank()) {
            validators.add(new JwtIssuerValidator(properties.issuerUri()));
        }
        String audience = properties.audience();
        if (audience != null && !audience.isBlank()) {
            validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                    ? OAuth2TokenValidatorResult.success()
                    : failure("The token is not meant for this API (aud)"));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
