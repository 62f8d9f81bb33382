package dev.skyport.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * docker-compose.yml at the repository root, as a YAML tree with its anchors and merge keys resolved
 * ({@code <<: *spring-service}), as compose itself reads it; variables stay as written.
 */
final class ComposeFile {

    static final JsonNode ROOT = parse();

    private ComposeFile() {
    }

    static JsonNode service(String name) {
        return service(ROOT, name);
    }

    /** A service of a resolved compose file (this one, or a copy with a service added). */
    static JsonNode service(JsonNode compose, String name) {
        JsonNode service = compose.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    static List<String> serviceNames() {
        return serviceNames(ROOT);
    }

    static List<String> serviceNames(JsonNode compose) {
        List<String> names = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Services started by a plain `docker compose up` (no profile). */
    static List<String> defaultServiceNames() {
        return serviceNames().stream().filter(name -> service(name).path("profiles").isMissingNode()).toList();
    }

    /** The names of the variables compose sets for a service (map or list syntax). */
    static Set<String> environmentNames(String name) {
        return environmentNames(ROOT, name);
    }

    static Set<String> environmentNames(JsonNode compose, String name) {
        JsonNode environment = service(compose, name).path("environment");
        Set<String> names = new TreeSet<>();
        if (environment.isObject()) {
            environment.fieldNames().forEachRemaining(names::add);
        } else if (environment.isArray()) {
            environment.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
        }
        return names;
    }

    private static JsonNode parse() {
        return resolved(Repository.read("docker-compose.yml"));
    }

    /** Jackson's YAML reader keeps "<<" as a plain key; SnakeYAML's constructor merges it, as compose does. */
    static JsonNode resolved(String yaml) {
        Object tree = new org.yaml.snakeyaml.Yaml().load(yaml);
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(tree);
    }
}
