package dev.skyport.gateway.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Merges the services' OpenAPI documents into the one "Skyport API" document that /docs opens on: the paths each
 * service serves through its public route (an internal or unrouted path stays out), their components, the public
 * URL as the only server (never a service's internal address), and the edge's OAuth2 scheme on every secured
 * operation. A component two services define differently is renamed {@code <service>.<name>} in the later one.
 */
public final class OpenApiMerge {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String COMPONENTS_REF = "#/components/";

    /** One service's document and which of its paths the gateway routes publicly. */
    public record Source(String service, JsonNode document, Predicate<String> routed) {
    }

    private final ObjectNode merged;
    private final String securityScheme;

    /**
     * @param head           the merged document's own members: openapi, info, externalDocs, servers, security and
     *                       components.securitySchemes
     * @param securityScheme the scheme of {@code head} that replaces the services' own on their operations
     */
    public OpenApiMerge(ObjectNode head, String securityScheme) {
        this.merged = head.deepCopy();
        this.securityScheme = securityScheme;
        merged.putObject("paths");
        merged.withObjectProperty("components");
        merged.putArray("tags");
    }

    public OpenApiMerge add(Source source) {
        ObjectNode document = source.document() instanceof ObjectNode object ? object.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Map<String, String> renamed = renameClashes(source.service(), document);
        if (!renamed.isEmpty()) {
            rewriteRefs(document, renamed);
        }
        ObjectNode paths = merged.withObjectProperty("paths");
        document.path("paths").properties().forEach(path -> {
            if (source.routed().test(path.getKey()) && !paths.has(path.getKey())) {
                paths.set(path.getKey(), withEdgeSecurity(path.getValue()));
            }
        });
        ObjectNode components = merged.withObjectProperty("components");
        document.path("components").properties().forEach(section -> {
            if (section.getKey().equals("securitySchemes")) {
                return; // the edge's scheme stands for every service's
            }
            ObjectNode into = components.withObjectProperty(section.getKey());
            section.getValue().properties().forEach(c -> into.set(renamed.getOrDefault(
                    section.getKey() + "/" + c.getKey(), c.getKey()), c.getValue()));
        });
        Set<String> tagNames = new LinkedHashSet<>();
        merged.withArrayProperty("tags").forEach(tag -> tagNames.add(tag.path("name").asString()));
        document.path("tags").forEach(tag -> {
            if (tagNames.add(tag.path("name").asString())) {
                merged.withArrayProperty("tags").add(tag);
            }
        });
        return this;
    }

    public ObjectNode document() {
        ObjectNode document = merged.deepCopy();
        if (document.path("tags").isEmpty()) {
            document.remove("tags");
        }
        return document;
    }

    /** Components of {@code document} named like a different one already merged: section/name → new name. */
    private Map<String, String> renameClashes(String service, ObjectNode document) {
        Map<String, String> renamed = new java.util.HashMap<>();
        JsonNode components = merged.path("components");
        document.path("components").properties().forEach(section -> section.getValue().properties().forEach(c -> {
            JsonNode existing = components.path(section.getKey()).get(c.getKey());
            if (existing != null && !existing.equals(c.getValue()) && !section.getKey().equals("securitySchemes")) {
                renamed.put(section.getKey() + "/" + c.getKey(), service + "." + c.getKey());
            }
        }));
        return renamed;
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(COMPONENTS_REF)) {
                String key = ref.asString().substring(COMPONENTS_REF.length());
                String to = renamed.get(key);
                if (to != null) {
                    String section = key.substring(0, key.indexOf('/') + 1);
                    object.set("$ref", StringNode.valueOf(COMPONENTS_REF + section + to));
                }
            }
            object.values().forEach(child -> rewriteRefs(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewriteRefs(child, renamed));
        }
    }

    /** An operation that asks for a token asks for the edge's: Swagger UI's "Authorize" then fills it in. */
    private JsonNode withEdgeSecurity(JsonNode pathItem) {
        if (!(pathItem instanceof ObjectNode object)) {
            return pathItem;
        }
        ObjectNode item = object.deepCopy();
        List<String> methods = new ArrayList<>();
        item.properties().forEach(e -> methods.add(e.getKey()));
        for (String method : methods) {
            JsonNode operation = item.get(method);
            if (operation instanceof ObjectNode op && op.get("security") instanceof ArrayNode security
                    && !security.isEmpty()) {
                ArrayNode edge = NODES.arrayNode();
                edge.addObject().putArray(securityScheme);
                op.set("security", edge);
            }
        }
        return item;
    }
}
