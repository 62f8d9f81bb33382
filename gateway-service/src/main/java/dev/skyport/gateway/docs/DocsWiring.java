package dev.skyport.gateway.docs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
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
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API reference at /docs: one Swagger UI opening on the "Skyport API" ({@link ApiReference}, the services'
 * documents merged, with the public URL as server) and listing the gateway's own endpoints (tickets, API keys) as a
 * second definition. Login in the UI is OAuth2 authorization code + PKCE against the issuer, as client skyport-cli.
 * The WebSocket's contract, orders-service's AsyncAPI document, is linked from the Skyport API's description.
 */
@Configuration(proxyBeanMethods = false)
public class DocsWiring {

    /** The one security scheme of both documents: Swagger UI's "Authorize" fills it in. */
    static final String SECURITY_SCHEME = "skyport";
    static final String ASYNCAPI_PATH = "/docs/asyncapi.json";

    private static final Map<String, String> SCOPES = new LinkedHashMap<>();

    static {
        SCOPES.put("openid", "OpenID Connect");
        SCOPES.put("profile", "Your profile");
        SCOPES.put("orders:read", "Read your orders");
        SCOPES.put("orders:write", "Place and cancel orders");
    }

    @Bean
    OpenAPI gatewayOpenApi(GatewayProperties properties) {
        String issuer = publicUrl(properties);
        Scopes scopes = new Scopes();
        SCOPES.forEach(scopes::addString);
        SecurityScheme oauth = new SecurityScheme().type(SecurityScheme.Type.OAUTH2).flows(new OAuthFlows()
                .authorizationCode(new OAuthFlow()
                        .authorizationUrl(issuer + "/oauth2/authorize")
                        .tokenUrl(issuer + "/oauth2/token")
                        .scopes(scopes)));
        return new OpenAPI()
                .info(new Info().title("Skyport gateway").version("v1")
                        .description("Edge endpoints: WebSocket tickets and API-key administration."))
                .components(new Components().addSecuritySchemes(SECURITY_SCHEME, oauth))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
    }

    @Bean
    ApiReference apiReference(RouteDefinitionLocator routes, GatewayProperties properties) {
        return new ApiReference(routes, skyportApiHead(publicUrl(properties)));
    }

    /** The merged document's own members; the services' paths and components are added per request. */
    static ObjectNode skyportApiHead(String publicUrl) {
        ObjectNode head = JsonNodeFactory.instance.objectNode();
        head.put("openapi", "3.1.0");
        head.putObject("info").put("title", "Skyport API").put("version", "v1").put("description",
                "Every Skyport service's API, through the gateway. Sign in with **Authorize** (authorization code "
                        + "+ PKCE, client `skyport-cli`), then **Try it out**. Errors are RFC 9457 problem+json.\n\n"
                        + "Order events are pushed on the `/ws/orders` WebSocket; its contract is an AsyncAPI 3 "
                        + "document: [" + ASYNCAPI_PATH + "](" + ASYNCAPI_PATH + ").");
        head.putObject("externalDocs").put("description", "The /ws/orders WebSocket (AsyncAPI 3)")
                .put("url", publicUrl + ASYNCAPI_PATH);
        head.putArray("servers").addObject().put("url", publicUrl).put("description", "Skyport's public URL");
        head.putArray("security").addObject().putArray(SECURITY_SCHEME);
        ObjectNode flow = head.putObject("components").putObject("securitySchemes").putObject(SECURITY_SCHEME)
                .put("type", "oauth2").putObject("flows").putObject("authorizationCode")
                .put("authorizationUrl", publicUrl + "/oauth2/authorize").put("tokenUrl", publicUrl + "/oauth2/token");
        ObjectNode scopes = flow.putObject("scopes");
        SCOPES.forEach(scopes::put);
        return head;
    }

    /** The gateway's public URL: the token issuer (ARCHITECTURE: the issuer is the gateway's public URL). */
    private static String publicUrl(GatewayProperties properties) {
        return properties.issuerUri().toString().replaceAll("/+$", "");
    }
}
