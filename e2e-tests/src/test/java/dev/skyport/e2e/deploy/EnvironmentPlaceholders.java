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
 * on service-starter or service-defaults, in their resources). Upper-case names are environment variables;
 * lower-case ones (`${spring.application.name}`) are Spring properties and are not collected.
 */
final class EnvironmentPlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");
    private static final Pattern WITH_DEFAULT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^${}]*)}");
    /** A comment: '#' (YAML, properties) or '!' (properties) at a line start, or '#' after whitespace. */
    private static final Pattern COMMENT = Pattern.compile("(?m)(^\\s*[#!].*$|\\s#.*$)");
    private static final Pattern ENGINE_VARIABLE = Pattern.compile("\"(DYNAMO_ENGINE_[A-Z0-9_]+)\"");

    private EnvironmentPlaceholders() {
    }

    static Set<String> readBy(String module) {
        return readBy(Repository.ROOT, module);
    }

    /** In a checkout at root (the repository, or a copy with a service added). */
    static Set<String> readBy(Path root, String module) {
        Set<String> names = new TreeSet<>();
        withShared(root, module).forEach(m -> names.addAll(inResources(root, m)));
        return names;
    }

    /** The module, then the shared modules whose configuration it gets: service-starter's, service-defaults'. */
    private static java.util.List<String> withShared(Path root, String module) {
        java.util.List<String> modules = new java.util.ArrayList<>(java.util.List.of(module));
        String pom = pom(root, module);
        if (pom.contains("<artifactId>service-starter</artifactId>")) {
            modules.add("service-starter");
            pom = pom(root, "service-starter");
        }
        if (pom.contains("<artifactId>service-defaults</artifactId>")) {
            modules.add("service-defaults");
        }
        return modules;
    }

    private static String pom(Path root, String module) {
        try {
            return Files.readString(root.resolve(module).resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The defaults the placeholders give, for failure messages that can be pasted into docker-compose.yml. */
    static java.util.Map<String, String> defaultsReadBy(String module) {
        return defaultsReadBy(Repository.ROOT, module);
    }

    static java.util.Map<String, String> defaultsReadBy(Path root, String module) {
        java.util.Map<String, String> defaults = new java.util.TreeMap<>();
        for (String m : withShared(root, module)) {
            for (String text : configurationTexts(root, m)) {
                Matcher matcher = WITH_DEFAULT.matcher(withoutComments(text));
                while (matcher.find()) {
                    defaults.putIfAbsent(matcher.group(1), matcher.group(2));
                }
            }
        }
        return defaults;
    }

    static String withoutComments(String text) {
        return COMMENT.matcher(text).replaceAll("");
    }

    static Set<String> inText(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(withoutComments(text));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> inResources(Path root, String module) {
        Set<String> names = new TreeSet<>();
        configurationTexts(root, module).forEach(text -> names.addAll(inText(text)));
        return names;
    }

    private static java.util.List<String> configurationTexts(Path root, String module) {
        Path resources = root.resolve(module).resolve("src/main/resources");
        java.util.List<String> texts = new java.util.ArrayList<>();
        if (!Files.isDirectory(resources)) {
            return texts;
        }
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : files.filter(Files::isRegularFile).filter(EnvironmentPlaceholders::isConfiguration).sorted().toList()) {
                texts.add(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    private static boolean isConfiguration(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties");
    }
}
