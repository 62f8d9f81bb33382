package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** docker-compose.yml at the repository root, as a YAML tree. */
final class ComposeFile {

    static final JsonNode ROOT = parse();

    private ComposeFile() {
    }

    static JsonNode service(String name) {
        JsonNode service = ROOT.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    static List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        ROOT.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Services started by a plain `docker compose up` (no profile). */
    static List<String> defaultServiceNames() {
        return serviceNames().stream().filter(name -> service(name).path("profiles").isMissingNode()).toList();
    }

    /** The names of the variables compose sets for a service (map or list syntax). */
    static Set<String> environmentNames(String name) {
        JsonNode environment = service(name).path("environment");
        Set<String> names = new TreeSet<>();
        if (environment.isObject()) {
            environment.fieldNames().forEachRemaining(names::add);
        } else if (environment.isArray()) {
            environment.forEach(entry -> names.add(entry.asText().split("=", 2)[0]));
        }
        return names;
    }

    private static JsonNode parse() {
        try {
            return new YAMLMapper().readTree(Repository.read("docker-compose.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
