package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of docs/adding-a-service.md, each applied to a copy of the repository as its first line says: a
 * file ({@code # k8s/services/catalog-service.yaml}) is written whole, a place in a file
 * ({@code # docker-compose.yml: services}) gets the block inserted there. The test then adds the service exactly as the doc does.
 */
final class DocumentedSteps {

    private static final Pattern BLOCK = Pattern.compile("(?ms)^```[a-z]*\\n(?:# |<!-- )([^\\n]+?)(?: -->)?\\n(.*?)^```");

    /** Where each "file: place" of the doc goes in its file: the block is inserted before the anchor. */
    private static final Map<String, String> BEFORE = Map.of(
            "pom.xml: modules", "    <module>e2e-tests</module>\n",
            "e2e-tests/pom.xml: dependencies", "\n    <!-- offline deployment checks",
            "docker-compose.yml: services", "  gateway-service:\n");

    /** ... or after it (the anchor's first occurrence after an optional start). */
    private static final Map<String, String[]> AFTER = Map.of(
            "gateway-service/src/main/resources/application.yml: routes", new String[] {"", "          routes:\n"},
            "deploy/compose/prometheus/prometheus.yml: targets", new String[] {"", "      - targets:\n"});

    private final Map<String, String> steps;

    private DocumentedSteps(Map<String, String> steps) {
        this.steps = steps;
    }

    static DocumentedSteps of(String documentation) {
        Map<String, String> steps = new LinkedHashMap<>();
        Matcher block = BLOCK.matcher(documentation);
        while (block.find()) {
            if (block.group(1).contains("/") || block.group(1).contains(".")) {
                steps.put(block.group(1).strip(), block.group(2));
            }
        }
        return new DocumentedSteps(steps);
    }

    Map<String, String> steps() {
        return steps;
    }

    /** Applies every step but the ones named. */
    void applyTo(Path root, String... leftOut) {
        for (Map.Entry<String, String> step : steps.entrySet()) {
            if (!java.util.List.of(leftOut).contains(step.getKey())) {
                apply(root, step.getKey(), step.getValue());
            }
        }
    }

    private static void apply(Path root, String target, String text) {
        String file = target.contains(": ") ? target.substring(0, target.indexOf(": ")) : target;
        Path path = root.resolve(file);
        try {
            if (BEFORE.containsKey(target)) {
                String content = Files.readString(path);
                int at = content.indexOf(BEFORE.get(target));
                if (at < 0) {
                    throw new AssertionError(file + " has no place for '" + target + "'");
                }
                Files.writeString(path, content.substring(0, at) + text + content.substring(at));
            } else if (AFTER.containsKey(target)) {
                String content = Files.readString(path);
                String[] anchor = AFTER.get(target);
                int start = content.indexOf(anchor[0]);
                int at = start < 0 ? -1 : content.indexOf(anchor[1], start);
                if (at < 0) {
                    throw new AssertionError(file + " has no place for '" + target + "'");
                }
                at += anchor[1].length();
                Files.writeString(path, content.substring(0, at) + text + content.substring(at));
            } else if (target.endsWith(": scrape_configs") || target.endsWith(": resources")
                    || Files.exists(path) && !target.contains(": ")) {
                // Appended: the scrape jobs, the listed resources and the aws overlay's ServiceAccounts end their files.
                Files.writeString(path, Files.readString(path).stripTrailing() + "\n" + text);
            } else if (!target.contains(": ")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, text);
            } else {
                throw new AssertionError("docs/adding-a-service.md: no known place '" + target + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
