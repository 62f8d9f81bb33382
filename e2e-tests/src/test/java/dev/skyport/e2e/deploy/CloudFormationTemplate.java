package dev.skyport.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CloudFormation template of deploy/aws, read as CloudFormation would deploy it with given parameters: the
 * intrinsic functions it uses (Ref, Fn::Sub, Fn::If with its Conditions, Fn::Equals, Fn::Not, Fn::Join) evaluated
 * to plain values. The templates use only the long form (Fn::Sub:, never !Sub), so any YAML parser reads them;
 * an unknown function or parameter fails instead of passing through.
 */
final class CloudFormationTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final String file;
    private final JsonNode template;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    /**
     * @param file       relative to the repository root
     * @param parameters values for parameters (the others take their Default; one without a Default must be given)
     * @param region     and {@code account}: the pseudo parameters AWS::Region and AWS::AccountId
     */
    CloudFormationTemplate(String file, Map<String, String> parameters, String region, String account) {
        this.file = file;
        try {
            this.template = new YAMLMapper().readTree(Repository.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not YAML", e);
        }
        values.put("AWS::Partition", "aws");
        values.put("AWS::Region", region);
        values.put("AWS::AccountId", account);
        template.path("Parameters").properties().forEach(p -> {
            String value = parameters.containsKey(p.getKey()) ? parameters.get(p.getKey())
                    : p.getValue().has("Default") ? p.getValue().path("Default").asText() : null;
            assertThat(value).as("%s: parameter %s has no Default and was not given", file, p.getKey()).isNotNull();
            String pattern = p.getValue().path("AllowedPattern").asText(null);
            if (pattern != null) {
                assertThat(value).as("%s: %s against its AllowedPattern", file, p.getKey()).matches(pattern);
            }
            values.put(p.getKey(), value);
        });
        assertThat(parameters.keySet()).as("%s declares the parameters given", file)
                .allSatisfy(name -> assertThat(template.path("Parameters").has(name)).as(name).isTrue());
        template.path("Conditions").properties()
                .forEach(c -> conditions.put(c.getKey(), evaluate(c.getValue()).asBoolean()));
    }

    JsonNode raw() {
        return template;
    }

    /** The resources of this type by logical id, their Properties evaluated. */
    Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(r -> {
            if (type.equals(r.getValue().path("Type").asText())) {
                found.put(r.getKey(), evaluate(r.getValue().path("Properties")));
            }
        });
        return found;
    }

    /** A JSON document given as a string (an IAM policy built with Fn::Sub), parsed. */
    static JsonNode json(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        try {
            return JSON.readTree(value.asText());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + value.asText(), e);
        }
    }

    JsonNode evaluate(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(evaluate(element)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1) {
            String key = node.properties().iterator().next().getKey();
            if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
                return function(key, node.get(key));
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(e -> out.set(e.getKey(), evaluate(e.getValue())));
        return out;
    }

    private JsonNode function(String name, JsonNode argument) {
        return switch (name) {
            case "Ref" -> {
                assertThat(values).as("%s: Ref %s", file, argument.asText()).containsKey(argument.asText());
                yield TextNode.valueOf(values.get(argument.asText()));
            }
            case "Condition" -> {
                assertThat(conditions).as("%s: Condition %s", file, argument.asText()).containsKey(argument.asText());
                yield JsonNodeFactory.instance.booleanNode(conditions.get(argument.asText()));
            }
            case "Fn::Equals" -> JsonNodeFactory.instance.booleanNode(
                    evaluate(argument.get(0)).asText().equals(evaluate(argument.get(1)).asText()));
            case "Fn::Not" -> JsonNodeFactory.instance.booleanNode(!evaluate(argument.get(0)).asBoolean());
            case "Fn::If" -> {
                assertThat(conditions).as("%s: Fn::If on %s", file, argument.get(0).asText())
                        .containsKey(argument.get(0).asText());
                yield evaluate(argument.get(conditions.get(argument.get(0).asText()) ? 1 : 2));
            }
            case "Fn::Join" -> {
                StringBuilder joined = new StringBuilder();
                for (JsonNode part : evaluate(argument.get(1))) {
                    joined.append(joined.isEmpty() ? "" : argument.get(0).asText()).append(part.asText());
                }
                yield TextNode.valueOf(joined.toString());
            }
            case "Fn::Sub" -> {
                Map<String, String> local = new LinkedHashMap<>(values);
                String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
                if (argument.isArray()) {
                    argument.get(1).properties().forEach(v -> local.put(v.getKey(), evaluate(v.getValue()).asText()));
                }
                Matcher m = VARIABLE.matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    assertThat(local).as("%s: ${%s} in Fn::Sub", file, m.group(1)).containsKey(m.group(1));
                    m.appendReplacement(out, Matcher.quoteReplacement(local.get(m.group(1))));
                }
                yield TextNode.valueOf(m.appendTail(out).toString());
            }
            default -> throw new AssertionError(file + ": " + name + " is not evaluated by this test (add it here)");
        };
    }
}
