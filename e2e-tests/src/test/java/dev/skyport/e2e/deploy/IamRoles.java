package dev.skyport.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The roles of deploy/aws/iam-roles.yaml as deployed with given parameters: who may assume each, and what it may do. */
final class IamRoles {

    static final String TEMPLATE = "deploy/aws/iam-roles.yaml";

    /** One action allowed on one resource (an ARN, possibly ending in a wildcard such as {@code stream/*}). */
    record Grant(String action, String resource) implements Comparable<Grant> {

        boolean covers(Grant used) {
            return action.equals(used.action) && (resource.endsWith("*")
                    ? used.resource.startsWith(resource.substring(0, resource.length() - 1))
                    : resource.equals(used.resource));
        }

        @Override
        public int compareTo(Grant other) {
            return (action + " " + resource).compareTo(other.action + " " + other.resource);
        }

        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    /** A role: its name, the service it is for (tag skyport.dev/owner), its trust policy and its grants. */
    record Role(String logicalId, String name, String service, JsonNode trust, JsonNode statements, Set<Grant> grants) {
    }

    private IamRoles() {
    }

    /** The roles by service, for a deployment with these parameters, region and account. */
    static Map<String, Role> read(Map<String, String> parameters, String region, String account) {
        CloudFormationTemplate template = new CloudFormationTemplate(TEMPLATE, parameters, region, account);
        Map<String, Role> roles = new TreeMap<>();
        template.resources("AWS::IAM::Role").forEach((id, properties) -> {
            String service = null;
            for (JsonNode tag : properties.path("Tags")) {
                if ("skyport.dev/owner".equals(tag.path("Key").asText())) {
                    service = tag.path("Value").asText();
                }
            }
            assertThat(service).as("%s: %s has a skyport.dev/owner tag", TEMPLATE, id).isNotNull();
            List<JsonNode> statements = new ArrayList<>();
            Set<Grant> grants = new TreeSet<>();
            for (JsonNode policy : properties.path("Policies")) {
                for (JsonNode statement : CloudFormationTemplate.json(policy.path("PolicyDocument")).path("Statement")) {
                    statements.add(statement);
                    for (String action : strings(statement.path("Action"))) {
                        for (String resource : strings(statement.path("Resource"))) {
                            grants.add(new Grant(action, resource));
                        }
                    }
                }
            }
            Role role = new Role(id, properties.path("RoleName").asText(), service,
                    CloudFormationTemplate.json(properties.path("AssumeRolePolicyDocument")),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().addAll(statements), grants);
            assertThat(roles.put(service, role)).as("%s: one role for %s", TEMPLATE, service).isNull();
        });
        return roles;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }
}
