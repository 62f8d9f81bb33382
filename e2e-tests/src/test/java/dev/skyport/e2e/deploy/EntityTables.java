package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The DynamoDB tables the services declare on their entity classes (enhanced-client annotations plus
 * Skyport's @SkyportTable / @TimeToLive), read from source so the AWS table definitions can be compared
 * with them without starting the services.
 */
final class EntityTables {

    /** A key of the table or of a GSI: partition and optional sort attribute. */
    record Key(String partition, String sort) {
    }

    record Table(String name, String declaredIn, Key key, Map<String, Key> indexes, String ttlAttribute, String streamView) {
    }

    private static final Pattern CONSTANT = Pattern.compile("static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern SKYPORT_TABLE = Pattern.compile("@SkyportTable\\s*\\(([^)]*)\\)");
    private static final String GETTER_AFTER_ANNOTATIONS =
            "((?:\\s*@\\w+(?:\\s*\\([^)]*\\))?)*)\\s*public\\s+[\\w.<>, ?]+\\s+(?:get|is)?(\\w+)\\s*\\(";

    private EntityTables() {
    }

    /** Every declared table in the main sources of the service modules. */
    static List<Table> declaredByServices() {
        List<Table> tables = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Repository.ROOT)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().endsWith("-service")).toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        parse(Files.readString(file), Repository.ROOT.relativize(file).toString()).ifPresent(tables::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    /** The table one entity class declares, if it names one (@SkyportTable, or a TABLE constant). */
    static Optional<Table> parse(String source, String declaredIn) {
        if (!source.contains("@DynamoDbPartitionKey")) {
            return Optional.empty();
        }
        Map<String, String> constants = new HashMap<>();
        Matcher constant = CONSTANT.matcher(source);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        String name = null;
        String stream = null;
        Matcher skyport = SKYPORT_TABLE.matcher(source);
        if (skyport.find()) {
            for (String argument : skyport.group(1).split(",")) {
                String[] pair = argument.split("=", 2);
                if (pair.length < 2) {
                    continue;
                }
                String value = pair[1].strip();
                switch (pair[0].strip()) {
                    case "name", "value" -> name = resolve(value, constants);
                    case "stream" -> stream = value.substring(value.lastIndexOf('.') + 1);
                    default -> { }
                }
            }
        }
        if (name == null) {
            name = constants.get("TABLE");
        }
        if (name == null) {
            return Optional.empty();
        }
        String partition = attribute(source, "DynamoDbPartitionKey").stream().findFirst().map(Map.Entry::getValue).orElse(null);
        String sort = attribute(source, "DynamoDbSortKey").stream().findFirst().map(Map.Entry::getValue).orElse(null);
        Map<String, String> indexPartitions = new TreeMap<>();
        Map<String, String> indexSorts = new TreeMap<>();
        for (Map.Entry<String, String> e : attribute(source, "DynamoDbSecondaryPartitionKey")) {
            for (String index : indexNames(e.getKey(), "DynamoDbSecondaryPartitionKey", constants)) {
                indexPartitions.put(index, e.getValue());
            }
        }
        for (Map.Entry<String, String> e : attribute(source, "DynamoDbSecondarySortKey")) {
            for (String index : indexNames(e.getKey(), "DynamoDbSecondarySortKey", constants)) {
                indexSorts.put(index, e.getValue());
            }
        }
        Map<String, Key> indexes = new TreeMap<>();
        indexPartitions.forEach((index, attr) -> indexes.put(index, new Key(attr, indexSorts.get(index))));
        String ttl = attribute(source, "TimeToLive").stream().findFirst().map(Map.Entry::getValue).orElse(null);
        return Optional.of(new Table(name, declaredIn, new Key(partition, sort), indexes, ttl, stream));
    }

    /** (annotation block, attribute name) for every getter carrying the annotation. */
    private static List<Map.Entry<String, String>> attribute(String source, String annotation) {
        List<Map.Entry<String, String>> found = new ArrayList<>();
        Matcher getter = Pattern.compile(GETTER_AFTER_ANNOTATIONS).matcher(source);
        while (getter.find()) {
            String annotations = getter.group(1);
            if (!Pattern.compile("@" + annotation + "\\b").matcher(annotations).find()) {
                continue;
            }
            Matcher renamed = Pattern.compile("@DynamoDbAttribute\\s*\\(\\s*\"([^\"]+)\"").matcher(annotations);
            String property = getter.group(2);
            String attribute = renamed.find() ? renamed.group(1) : Character.toLowerCase(property.charAt(0)) + property.substring(1);
            found.add(Map.entry(annotations, attribute));
        }
        return found;
    }

    private static List<String> indexNames(String annotations, String annotation, Map<String, String> constants) {
        Matcher m = Pattern.compile("@" + annotation + "\\s*\\(\\s*indexNames\\s*=\\s*\\{?([^})]*)\\}?\\s*\\)").matcher(annotations);
        if (!m.find()) {
            return List.of();
        }
        return Stream.of(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(s -> resolve(s, constants)).toList();
    }

    private static String resolve(String expression, Map<String, String> constants) {
        if (expression.startsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        String constant = expression.substring(expression.lastIndexOf('.') + 1);
        String value = constants.get(constant);
        if (value == null) {
            throw new IllegalStateException("cannot resolve " + expression + " to a string constant of the entity");
        }
        return value;
    }
}
