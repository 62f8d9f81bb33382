package dev.skyport.starter.security;

import java.net.http.HttpClient;
import java.time.Clock;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import dev.skyport.defaults.TokenRules;

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

    /** The shared {@link TokenRules} with this service's issuer, audience and clock skew. */
    public static OAuth2TokenValidator<Jwt> validator(SkyportSecurityProperties properties) {
        return TokenRules.validator(properties.issuerUri(), properties.audience(), properties.clockSkew(),
                Clock.systemUTC());
    }
}
