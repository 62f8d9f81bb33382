package dev.skyport.dynamo.api.shape;

import dev.skyport.dynamo.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One service's input shapes, read from the AWS service model shipped as a resource and adjusted by
 * {@code quirks.txt} (what the live service does where the model says otherwise).
 */
final class ServiceModel {

    final String service;
    /** Operation names (all of them, whether or not their shapes were built yet). */
    final Set<String> operationNames;
    /** Operations whose constraint validation the service leaves to the operation itself. */
    final Set<String> typesOnly;

    private final Builder builder;
    private final Map<String, Shape> inputs = new ConcurrentHashMap<>();

    private ServiceModel(String service, Builder builder) {
        this.service = service;
        this.builder = builder;
        this.operationNames = Set.copyOf(builder.rawOperations.keySet());
        this.typesOnly = Set.copyOf(builder.typesOnly);
    }

    /** Reads the model; shapes are built when an operation is first validated. */
    static ServiceModel load(String service, String modelResource, String quirksService) {
        Map<String, Object> model = readJson(modelResource);
        List<String[]> quirks = readQuirks(quirksService);
        return new ServiceModel(service, new Builder(model, quirks));
    }

    /** The operation's input structure, or null for an unknown operation. */
    Shape input(String operation) {
        Shape s = inputs.get(operation);
        if (s == null && operationNames.contains(operation)) {
            synchronized (builder) {
                s = inputs.computeIfAbsent(operation, builder::input);
            }
        }
        return s;
    }

    /** Builds every operation's shapes and checks that every quirk names something in the model. */
    void buildAll() {
        for (String op : operationNames) {
            input(op);
        }
        synchronized (builder) {
            builder.checkQuirksUsed();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(String resource) {
        try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return (Map<String, Object>) Json.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of quirks.txt for one service, split into words, comments and blank lines removed. */
    private static List<String[]> readQuirks(String quirksService) {
        List<String[]> lines = new ArrayList<>();
        try (InputStream in = ServiceModel.class.getResourceAsStream("quirks.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource quirks.txt");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.split("\\s+");
                if (words.length < 3) {
                    throw new IllegalStateException("malformed quirk: " + line);
                }
                if (words[0].equals(quirksService)) {
                    lines.add(words);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static final class Builder {
        private final Map<String, Object> rawShapes;
        final Map<String, Object> rawOperations;
        private final Map<String, Shape> shapes = new HashMap<>();
        private final Map<String, List<String>> enumOrders = new HashMap<>();
        private final Map<String, List<String>> memberOrders = new HashMap<>();
        private final Map<String, List<String>> hiddenMembers = new HashMap<>();
        final Set<String> typesOnly = new HashSet<>();
        /** Member quirks by structure name ("*" for every structure), in file order. */
        private final Map<String, List<String[]>> memberQuirks = new HashMap<>();
        private final Set<String[]> usedQuirks = Collections.newSetFromMap(new IdentityHashMap<>());

        @SuppressWarnings("unchecked")
        Builder(Map<String, Object> model, List<String[]> quirks) {
            this.rawShapes = (Map<String, Object>) model.get("shapes");
            this.rawOperations = (Map<String, Object>) model.get("operations");
            for (String[] q : quirks) {
                switch (q[2]) {
                    case "typesOnly" -> typesOnly.add(q[1]);
                    case "enumOrder" -> enumOrders.put(q[1], List.of(q[3].split(",")));
                    case "order" -> memberOrders.put(q[1], List.of(q[3].split(",")));
                    case "hiddenMembers" -> hiddenMembers.put(q[1], List.of(q[3].split(",")));
                    default -> {
                        int dot = q[1].indexOf('.');
                        if (dot < 0) {
                            throw new IllegalStateException("malformed quirk: " + String.join(" ", q));
                        }
                        memberQuirks.computeIfAbsent(q[1].substring(0, dot), k -> new ArrayList<>()).add(q);
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        Shape input(String operation) {
            Map<String, Object> op = (Map<String, Object>) rawOperations.get(operation);
            Object input = op.get("input");
            if (input instanceof Map<?, ?> ref) {
                input = ref.get("shape");
            }
            return input instanceof String name ? shape(name) : emptyInput(operation);
        }

        void checkQuirksUsed() {
            for (List<String[]> list : memberQuirks.values()) {
                for (String[] q : list) {
                    if (!q[1].startsWith("*.") && !usedQuirks.contains(q)) {
                        throw new IllegalStateException("quirk names no member of the model: " + String.join(" ", q));
                    }
                }
            }
            for (String name : enumOrders.keySet()) {
                if (!rawShapes.containsKey(name)) {
                    throw new IllegalStateException("enumOrder names no shape of the model: " + name);
                }
            }
            for (String name : hiddenMembers.keySet()) {
                if (!rawShapes.containsKey(name)) {
                    throw new IllegalStateException("hiddenMembers names no shape of the model: " + name);
                }
            }
        }

        private Shape emptyInput(String operation) {
            Shape s = new Shape(operation + "Input", Shape.Kind.STRUCTURE);
            shapes.put(s.name, s);
            return s;
        }

        @SuppressWarnings("unchecked")
        private Shape shape(String name) {
            Shape existing = shapes.get(name);
            if (existing != null) {
                return existing;
            }
            Map<String, Object> raw = (Map<String, Object>) rawShapes.get(name);
            if (raw == null) {
                throw new IllegalStateException("model has no shape " + name);
            }
            Shape s = new Shape(name, Shape.Kind.of((String) raw.get("type")));
            shapes.put(name, s);
            s.min = raw.get("min") instanceof BigDecimal d ? d : null;
            s.max = raw.get("max") instanceof BigDecimal d ? d : null;
            s.pattern = raw.get("pattern") instanceof String p ? p : null;
            if (raw.get("enum") instanceof List<?> values) {
                List<String> order = enumOrders.get(name);
                s.enumValues = order != null ? order : (List<String>) values;
            }
            switch (s.kind) {
                case STRUCTURE -> {
                    s.opaque = name.equals("AttributeValue");
                    s.hiddenMembers = hiddenMembers.getOrDefault(name, List.of());
                    Set<Object> required = raw.get("required") instanceof Collection<?> c ? new HashSet<>(c) : Set.of();
                    Map<String, Object> members = (Map<String, Object>) raw.get("members");
                    for (Map.Entry<String, Object> m : members.entrySet()) {
                        String target = (String) ((Map<String, Object>) m.getValue()).get("shape");
                        s.members.put(m.getKey(),
                                new Shape.Member(m.getKey(), shape(target), required.contains(m.getKey())));
                    }
                    for (Shape.Member m : s.members.values()) {
                        m.spec = derive(m);
                    }
                    applyQuirks(s, memberQuirks.get("*"));
                    applyQuirks(s, memberQuirks.get(name));
                    s.orderMembers(memberOrders.get(name));
                }
                case LIST -> s.element = shape((String) ((Map<String, Object>) raw.get("member")).get("shape"));
                case MAP -> {
                    s.key = shape((String) ((Map<String, Object>) raw.get("key")).get("shape"));
                    s.value = shape((String) ((Map<String, Object>) raw.get("value")).get("shape"));
                }
                default -> {
                }
            }
            return s;
        }

        /** The member's constraints as the model states them. */
        private static Spec derive(Shape.Member m) {
            Spec spec = new Spec();
            spec.notNull = m.required;
            Shape t = m.target;
            addRules(spec, Spec.Scope.OWN, t);
            if (t.kind == Shape.Kind.MAP) {
                addRules(spec, Spec.Scope.KEYS, t.key);
                addRules(spec, Spec.Scope.VALUES, t.value);
            } else if (t.kind == Shape.Kind.LIST) {
                addRules(spec, Spec.Scope.ELEMENTS, t.element);
            }
            return spec;
        }

        private static void addRules(Spec spec, Spec.Scope scope, Shape t) {
            switch (t.kind) {
                case STRING -> {
                    if (t.pattern != null) {
                        spec.set(scope, Rule.of(Rule.Kind.PATTERN, t.pattern), false);
                    }
                    if (t.min != null) {
                        spec.set(scope, Rule.of(Rule.Kind.MIN_LENGTH, t.min.toPlainString()), false);
                    }
                    if (t.max != null) {
                        spec.set(scope, Rule.of(Rule.Kind.MAX_LENGTH, t.max.toPlainString()), false);
                    }
                    if (t.enumValues != null) {
                        spec.set(scope, Rule.of(Rule.Kind.ENUM, String.join(",", t.enumValues)), false);
                    }
                }
                case LIST, MAP -> {
                    if (t.min != null) {
                        spec.set(scope, Rule.of(Rule.Kind.MIN_LENGTH, t.min.toPlainString()), false);
                    }
                    if (t.max != null) {
                        spec.set(scope, Rule.of(Rule.Kind.MAX_LENGTH, t.max.toPlainString()), false);
                    }
                }
                case INTEGER, LONG, DOUBLE -> {
                    if (t.min != null) {
                        spec.set(scope, Rule.of(Rule.Kind.MIN_VALUE, t.min.toPlainString()), false);
                    }
                    if (t.max != null) {
                        spec.set(scope, Rule.of(Rule.Kind.MAX_VALUE, t.max.toPlainString()), false);
                    }
                }
                default -> {
                }
            }
        }

        /** Quirks {@code <service> <Struct|*>.<Member>[:<TargetShape>] <directive...>} for one structure. */
        private void applyQuirks(Shape struct, List<String[]> quirks) {
            if (quirks == null) {
                return;
            }
            for (String[] q : quirks) {
                String member = q[1].substring(q[1].indexOf('.') + 1);
                String targetShape = null;
                int colon = member.indexOf(':');
                if (colon >= 0) {
                    targetShape = member.substring(colon + 1);
                    member = member.substring(0, colon);
                }
                Shape.Member m = struct.members.get(member);
                if (m == null || (targetShape != null && !m.target.name.equals(targetShape))) {
                    continue;
                }
                apply(m.spec, q);
                usedQuirks.add(q);
            }
        }

        private static void apply(Spec spec, String[] q) {
            int i = 2;
            switch (q[i]) {
                case "notNull" -> spec.notNull = true;
                case "nullable" -> spec.notNull = false;
                case "requiredMessage" -> spec.requiredMessage = true;
                case "tableNameMessage" -> spec.tableNameMessage = true;
                case "arn" -> spec.arn = true;
                case "redact" -> spec.redact = true;
                case "framework" -> {
                    spec.framework = EnumSet.noneOf(Rule.Kind.class);
                    for (int r = i + 1; r < q.length; r++) {
                        spec.framework.add(Rule.Kind.parse(q[r]));
                    }
                }
                case "drop" -> {
                    Spec.Scope scope = Spec.Scope.parse(q[i + 1]);
                    if (scope != null) {
                        i++;
                    } else {
                        scope = Spec.Scope.OWN;
                    }
                    String rule = q[i + 1];
                    spec.drop(scope, rule.equals("all") ? null : Rule.Kind.parse(rule));
                }
                case "postpone" -> {
                    Spec.Scope scope = Spec.Scope.parse(q[i + 1]);
                    if (scope != null) {
                        i++;
                    } else {
                        scope = Spec.Scope.OWN;
                    }
                    spec.postpone(scope, Rule.Kind.parse(q[i + 1]));
                }
                default -> {
                    boolean late = q[i].equals("late");
                    if (late) {
                        i++;
                    }
                    Spec.Scope scope = Spec.Scope.parse(q[i]);
                    if (scope != null) {
                        i++;
                    } else {
                        scope = Spec.Scope.OWN;
                    }
                    if (i + 1 >= q.length) {
                        throw new IllegalStateException("malformed quirk: " + String.join(" ", q));
                    }
                    spec.set(scope, Rule.of(Rule.Kind.parse(q[i]), q[i + 1]), late);
                }
            }
        }
    }
}
