package dev.skyport.gateway.docs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.skyport.gateway.GatewayProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The gateway's own OpenAPI (tickets, API keys), listed in the one Swagger UI at /docs beside each service's
 * document, which the UI fetches through the gateway (/docs/users/openapi.json, /docs/orders/openapi.json).
 * Login in the UI is OAuth2 authorization code + PKCE against the issuer, as client skyport-cli.
 */
@Configuration(proxyBeanMethods = false)
public class DocsWiring {

    @Bean
    OpenAPI gatewayOpenApi(GatewayProperties properties) {
        String issuer = properties.issuerUri().toString().replaceAll("/$", "");
        SecurityScheme oauth = new SecurityScheme().type(SecurityScheme.Type.OAUTH2).flows(new OAuthFlows()
                .authorizationCode(new OAuthFlow()
                        .authorizationUrl(issuer + "/oauth2/authorize")
                        .tokenUrl(issuer + "/oauth2/token")
                        .scopes(new Scopes().addString("openid", "OpenID Connect")
                                .addString("profile", "Your profile")
                                .addString("orders:read", "Read your orders")
                                .addString("orders:write", "Place and cancel orders"))));
        return new OpenAPI()
                .info(new Info().title("Skyport gateway").version("v1")
                        .description("Edge endpoints: WebSocket tickets and API-key administration."))
                .components(new Components().addSecuritySchemes("skyport", oauth))
                .addSecurityItem(new SecurityRequirement().addList("skyport"));
    }
}
