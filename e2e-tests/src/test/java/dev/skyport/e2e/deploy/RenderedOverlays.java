package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The objects `kubectl kustomize k8s/overlays/<name>` renders, once per overlay and test JVM. */
final class RenderedOverlays {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private RenderedOverlays() {
    }

    /** Every folder under k8s/overlays, so a new overlay is checked without touching the tests. */
    static List<String> names() {
        try (Stream<Path> dirs = Files.list(Repository.path("k8s/overlays"))) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, RenderedOverlays::kustomize);
    }

    private static List<JsonNode> kustomize(String overlay) {
        return kustomize(overlay, "k8s/overlays/" + overlay);
    }

    /** Renders any kustomization directory (not cached): a temporary copy of k8s/ with a service added. */
    static List<JsonNode> renderDirectory(Path directory) {
        return kustomize(directory.toString(), directory.toString());
    }

    private static List<JsonNode> kustomize(String overlay, String directory) {
        ExternalTool.Result result = ExternalTool.KUBECTL.run("kustomize", directory);
        assertThat(result.exitCode()).as("kubectl kustomize k8s/overlays/%s\n%s", overlay, result.describe()).isZero();
        try {
            List<JsonNode> objects = YAML.readerFor(JsonNode.class).<JsonNode>readValues(result.stdout()).readAll()
                    .stream().filter(node -> node != null && !node.isNull() && !node.isEmpty()).toList();
            assertThat(objects).as("objects rendered for %s", overlay).isNotEmpty();
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("rendered YAML of " + overlay + " does not parse", e);
        }
    }
}
