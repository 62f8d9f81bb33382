package dev.skyport.orders.events;

import dev.skyport.starter.security.SkyportSecurityProperties;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the AsyncAPI 3 contract of {@code /ws/orders} (resource {@value #RESOURCE}) at {@value #PATH}, public
 * like {@code /v3/api-docs}; the gateway publishes it as {@code /docs/asyncapi.json}. The server and the OAuth2
 * endpoints are the deployment's public URL: the token issuer, which is the gateway's URL.
 */
@Hidden
@RestController
class AsyncApiController {

    static final String PATH = "/asyncapi.json";
    static final String RESOURCE = "asyncapi/orders-events.json";

    private final byte[] document;

    AsyncApiController(ObjectMapper json, SkyportSecurityProperties security) {
        this.document = json.writeValueAsBytes(withPublicUrl(read(json), URI.create(security.issuerUri())));
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> asyncApi() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(document);
    }

    private static ObjectNode read(ObjectMapper json) {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static ObjectNode withPublicUrl(ObjectNode document, URI publicUrl) {
        String base = publicUrl.toString().replaceAll("/+$", "");
        ObjectNode server = (ObjectNode) document.get("servers").get("gateway");
        server.put("host", publicUrl.getRawAuthority());
        server.put("protocol", "https".equalsIgnoreCase(publicUrl.getScheme()) ? "wss" : "ws");
        String path = publicUrl.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            server.put("pathname", path.replaceAll("/+$", ""));
        }
        // The document's links and OAuth2 endpoints are relative to the public URL.
        ObjectNode docs = (ObjectNode) document.get("info").get("externalDocs");
        docs.put("url", base + docs.get("url").asString());
        ObjectNode flow = (ObjectNode) document.get("components").get("securitySchemes").get("bearer")
                .get("flows").get("authorizationCode");
        for (String url : new String[] {"authorizationUrl", "tokenUrl", "refreshUrl"}) {
            flow.put(url, base + flow.get(url).asString());
        }
        return document;
    }
}
