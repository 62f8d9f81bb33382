package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a module reads, per the contract in docs/configuration.md: every one appears as a
 * `${NAME}` or `${NAME:default}` placeholder in the module's src/main/resources (and, for modules that depend
 * on service-starter, in the starter's resources). Upper-case names are environment variables; lower-case
 * ones (`${spring.application.name}`) are Spring properties and are not collected.
 */
final class EnvironmentPlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");
    private static final Pattern ENGINE_VARIABLE = Pattern.compile("\"(DYNAMO_ENGINE_[A-Z0-9_]+)\"");

    private EnvironmentPlaceholders() {
    }

    static Set<String> readBy(String module) {
        Set<String> names = new TreeSet<>(inResources(module));
        if (Repository.read(module + "/pom.xml").contains("<artifactId>service-starter</artifactId>")) {
            names.addAll(inResources("service-starter"));
        }
        return names;
    }

    /** The engine is no Spring application: it reads DYNAMO_ENGINE_* from the environment in its main class. */
    static Set<String> readByEngine() {
        Set<String> names = new TreeSet<>();
        Matcher matcher = ENGINE_VARIABLE.matcher(Repository.read("dynamo-engine/src/main/java/dev/skyport/dynamo/DynamoEngineMain.java"));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static Set<String> inText(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> inResources(String module) {
        Path resources = Repository.path(module + "/src/main/resources");
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(resources)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : files.filter(Files::isRegularFile).filter(EnvironmentPlaceholders::isConfiguration).toList()) {
                names.addAll(inText(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static boolean isConfiguration(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties");
    }
}
